using System.Globalization;
using System.Net;

namespace RootAccess.Core;

/// <summary>An IPv4 or IPv6 address range in CIDR form (netstandard2.0 has no IPNetwork).</summary>
public sealed class IpRange
{
    private readonly byte[] _network;
    private readonly int _prefix;

    private IpRange(byte[] network, int prefix, string text)
    {
        _network = network;
        _prefix = prefix;
        Text = text;
    }

    public string Text { get; }

    private static readonly System.Text.RegularExpressions.Regex DottedDecimal = new(@"^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static bool TryParse(string? value, out IpRange range)
    {
        range = null!;
        var parts = (value ?? string.Empty).Trim().Split('/');
        // IPAddress also takes inet_aton shorthands ("10.0.0" is 10.0.0.0, "10" is 0.0.0.10): an IPv4 address needs all four parts.
        // It also takes leading zeros (010 is octal to some tools), hexadecimal parts and IPv6 zone ids (%eth0), none of
        // which AWS's aws:SourceIp ever holds: an IPv4 address is four decimal parts without leading zeros, IPv6 has no zone.
        if (parts.Length > 2 || !IPAddress.TryParse(parts[0], out var address) || parts[0].Contains("%")
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !DottedDecimal.IsMatch(parts[0])))
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        var prefix = bytes.Length * 8;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bytes.Length * 8))
        {
            return false;
        }

        range = new IpRange(bytes, prefix, value!.Trim());
        return true;
    }

    public bool Contains(string? address)
    {
        if (!IPAddress.TryParse(address ?? string.Empty, out var parsed))
        {
            return false;
        }

        if (parsed.IsIPv4MappedToIPv6 && _network.Length == 4)
        {
            parsed = parsed.MapToIPv4();
        }

        var bytes = parsed.GetAddressBytes();
        if (bytes.Length != _network.Length)
        {
            return false;
        }

        for (var bit = 0; bit < _prefix; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((bytes[bit / 8] & mask) != (_network[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;
}
