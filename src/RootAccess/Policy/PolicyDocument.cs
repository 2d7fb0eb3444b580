using System;
using System.Collections.Generic;
using System.Linq;

namespace RootAccess.Policy;

public enum PolicyEffect
{
    Allow,
    Deny,
}

/// <summary>One condition: an operator (with its IfExists / ForAnyValue: / ForAllValues: parts), a key and its values.</summary>
public sealed class PolicyCondition
{
    public PolicyCondition(string op, string key, IReadOnlyList<string> values)
    {
        Operator = op;
        Key = key;
        Values = values;
    }

    /// <summary>The operator as written, for example ForAnyValue:StringLikeIfExists.</summary>
    public string Operator { get; }

    public string Key { get; }

    public IReadOnlyList<string> Values { get; }

    public override string ToString() => $"{Operator} {Key} [{string.Join(", ", Values)}]";
}

/// <summary>One statement, as AWS accepts it: Action or NotAction, Resource or NotResource, Principal or NotPrincipal.</summary>
public sealed class PolicyStatement
{
    public string? Sid { get; set; }

    /// <summary>1-based position in the document, for statements without a Sid.</summary>
    public int Index { get; set; }

    public PolicyEffect Effect { get; set; }

    public IReadOnlyList<string> Actions { get; set; } = Array.Empty<string>();

    public bool NotAction { get; set; }

    public IReadOnlyList<string> Resources { get; set; } = Array.Empty<string>();

    public bool NotResource { get; set; }

    /// <summary>Principal type (AWS, Service, Federated, CanonicalUser, or * for "Principal": "*") to values.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Principals { get; set; }

    public bool NotPrincipal { get; set; }

    public IReadOnlyList<PolicyCondition> Conditions { get; set; } = Array.Empty<PolicyCondition>();

    public string Name => Sid is { Length: > 0 } ? Sid : $"statement {Index}";
}

/// <summary>A parsed IAM policy document (identity policy, SCP, resource or trust policy).</summary>
public sealed class PolicyDocument
{
    /// <summary>An identity policy that allows everything: what is left to decide a request is the SCPs.</summary>
    public static readonly PolicyDocument AllowAll = new() { Source = "identity", Statements = new[] { new PolicyStatement { Effect = PolicyEffect.Allow, Actions = new[] { "*" }, Resources = new[] { "*" }, Index = 1 } } };

    /// <summary>One level of an OU path: AWS's FullAWSAccess beside <paramref name="scp"/>, so the level allows what the SCP does not deny.</summary>
    public static PolicyDocument BesideFullAccess(PolicyDocument scp)
        => new() { Version = scp.Version, Source = scp.Source, Statements = AllowAll.Statements.Concat(scp.Statements).ToList() };

    public string? Version { get; set; }

    public string Source { get; set; } = string.Empty;

    public IReadOnlyList<PolicyStatement> Statements { get; set; } = Array.Empty<PolicyStatement>();
}

/// <summary>A policy that is not valid IAM JSON, with where and what was expected.</summary>
public sealed class PolicyParseException : Exception
{
    public PolicyParseException(string source, string message, long? line = null, long? column = null)
        : base($"{source}{(line is null ? string.Empty : $" (line {line}, column {column})")}: {message}")
    {
        PolicySource = source;
        Line = line;
        Column = column;
    }

    public string PolicySource { get; }

    public long? Line { get; }

    public long? Column { get; }
}

