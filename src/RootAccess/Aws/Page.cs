using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace RootAccess.Aws;

/// <summary>One page of a paginated AWS list: its items and the token (Marker or NextToken) of the next page.</summary>
public sealed class Page<T>
{
    public Page(IReadOnlyList<T> items, string? nextToken)
    {
        Items = items;
        NextToken = string.IsNullOrEmpty(nextToken) ? null : nextToken;
    }

    public IReadOnlyList<T> Items { get; }

    public string? NextToken { get; }
}

/// <summary>The one pagination loop for our clients: pages are fetched until a page carries no token.</summary>
public static class Pages
{
    /// <summary>Every item of a paginated list, read page by page.</summary>
    public static async Task<List<T>> AllAsync<T>(Func<string?, Task<Page<T>>> page)
    {
        var items = new List<T>();
        await foreach (var item in StreamAsync(page, CancellationToken.None).ConfigureAwait(false))
        {
            items.Add(item);
        }

        return items;
    }

    /// <summary>The items of a paginated list as they arrive, one page in memory at a time.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(Func<string?, Task<Page<T>>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = await page(token).ConfigureAwait(false);
            foreach (var item in next.Items)
            {
                yield return item;
            }

            token = next.NextToken;
        }
        while (token is not null);
    }
}
