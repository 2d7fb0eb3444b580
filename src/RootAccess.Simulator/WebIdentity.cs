using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RootAccess.Simulator;

/// <summary>The claims of a web identity token whose signature held.</summary>
internal sealed record WebIdentityClaims(string Issuer, string Audience, string Subject, DateTime Expires, IReadOnlyDictionary<string, string> Claims);

/// <summary>
/// Web identity tokens as STS checks them for AssumeRoleWithWebIdentity (a JWT signed RS256 by a key the issuer
/// publishes) and as Microsoft Entra ID issues them to a managed identity (for the stand-in of Azure Automation's
/// managed-identity endpoint). Microsoft.IdentityModel does the JWT work; the checks' order and AWS's error shapes are here.
/// </summary>
internal static class WebIdentity
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Reads and verifies a token against the issuers of the fixture; throws AWS's error for what is wrong.</summary>
    public static WebIdentityClaims Verify(string token, IReadOnlyList<SimIdentityIssuer> issuers, DateTime now)
    {
        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException)
        {
            throw new ServiceError(400, "InvalidIdentityToken", "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");
        }

        var issuer = issuers.FirstOrDefault(i => SimOidcProvider.HostAndPath(i.Url) == SimOidcProvider.HostAndPath(jwt.Issuer ?? string.Empty))
            ?? throw new ServiceError(400, "IDPCommunicationError", $"Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements (issuer '{jwt.Issuer}').");

        var result = Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 },
            IssuerSigningKeys = issuer.Keys.Select(PublicKey).ToList(),
        }).GetAwaiter().GetResult();
        if (!result.IsValid)
        {
            throw new ServiceError(400, "InvalidIdentityToken", "The web identity token's signature could not be verified with the identity provider's published keys.");
        }

        if (jwt.ValidTo <= now)
        {
            throw new ServiceError(400, "ExpiredTokenException", $"Token expired: current date/time {Stamp(now)} must be before the expiration date/time {Stamp(jwt.ValidTo)}");
        }

        var audience = jwt.Audiences.FirstOrDefault() ?? string.Empty;
        var claims = jwt.Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        return new WebIdentityClaims(jwt.Issuer ?? string.Empty, audience, jwt.Subject ?? string.Empty, jwt.ValidTo, claims);
    }

    /// <summary>A token as Entra ID gives a managed identity: iss, aud (the resource asked for), sub and oid, tid, iat, nbf, exp.</summary>
    public static string Issue(SimIdentityIssuer issuer, string audience, TimeSpan lifetime, DateTime now)
    {
        var key = issuer.Keys.FirstOrDefault(k => k["d"] is not null)
            ?? throw new InvalidOperationException($"The identity issuer {issuer.Url} has no private key in the fixture, so the stand-in cannot sign for it.");
        var issuedAt = lifetime > TimeSpan.Zero ? now : now + lifetime - TimeSpan.FromHours(1);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer.Url,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["sub"] = issuer.Subject, ["oid"] = issuer.Subject, ["tid"] = issuer.TenantId, ["idtyp"] = "app" },
            SigningCredentials = new SigningCredentials(new JsonWebKey(key.ToJsonString()), SecurityAlgorithms.RsaSha256),
        });
    }

    // What AWS reads from the issuer's JWKS: the public part of each key only.
    private static SecurityKey PublicKey(JsonObject jwk)
    {
        var published = new JsonObject();
        foreach (var name in new[] { "kty", "kid", "use", "alg", "n", "e" })
        {
            if (jwk[name] is { } value)
            {
                published[name] = value.DeepClone();
            }
        }

        return new JsonWebKey(published.ToJsonString());
    }

    private static string Stamp(DateTime time) => time.ToUniversalTime().ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture);
}
