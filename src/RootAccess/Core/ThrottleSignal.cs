using System;
using System.Threading;

namespace RootAccess.Core;

/// <summary>
/// How a throttled AWS call tells the work it runs for that the service is asking for less: the fan-out engine listens
/// around each input (the listener flows with the async call chain), the retry policy reports. Nothing listens outside a fan-out.
/// </summary>
public static class ThrottleSignal
{
    private static readonly AsyncLocal<Action?> Listener = new();

    /// <summary>Says, to whoever listens in this call chain, that a call was throttled.</summary>
    public static void Report() => Listener.Value?.Invoke();

    /// <summary>Runs <paramref name="work"/> with <paramref name="onThrottle"/> listening for throttled calls it makes.</summary>
    public static T Listen<T>(Action onThrottle, Func<T> work)
    {
        var previous = Listener.Value;
        Listener.Value = onThrottle;
        try
        {
            return work();
        }
        finally
        {
            Listener.Value = previous;
        }
    }
}
