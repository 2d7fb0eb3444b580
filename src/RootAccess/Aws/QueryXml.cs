using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Xml.Linq;

namespace RootAccess.Aws;

/// <summary>Reads awsQuery XML results: elements are matched by local name, so the namespace never matters.</summary>
internal static class QueryXml
{
    public static XElement Result(string body, string operation)
    {
        var document = XDocument.Parse(body);

        // Only the operation's own answer is read: any other document (a proxy's page, another call's answer) would
        // otherwise read as an empty result, and an empty list of keys is a finding of "no keys".
        if (document.Root is not { } root || root.Name.LocalName != operation + "Response")
        {
            throw new Amazon.Runtime.AmazonClientException($"The answer to {operation} is not a {operation}Response document.");
        }

        // Operations without output (the Delete* calls) answer with ResponseMetadata only.
        return root.Elements().FirstOrDefault(e => e.Name.LocalName == operation + "Result")
            ?? new XElement(operation + "Result");
    }

    public static XElement? Child(this XElement parent, string name)
        => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? Text(this XElement parent, string name) => parent.Child(name)?.Value;

    public static DateTime? Date(this XElement parent, string name)
    {
        if (parent.Text(name) is not { Length: > 0 } text)
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? date
            : throw new Amazon.Runtime.AmazonClientException($"The answer's {name} is not a date."); // the value is not quoted
    }

    public static bool Flag(this XElement parent, string name) => string.Equals(parent.Text(name), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <c>member</c> items of a list element.</summary>
    public static IEnumerable<XElement> Members(this XElement parent, string listName)
        => parent.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? Enumerable.Empty<XElement>();
}
