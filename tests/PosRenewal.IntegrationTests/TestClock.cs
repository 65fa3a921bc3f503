using System.Diagnostics;
using PosRenewal.Core.Common;

namespace PosRenewal.IntegrationTests;

/// <summary>
/// The portals' clock in tests: it starts at a fixed instant (10:00 on 2026-11-25, China time) and runs on in real
/// time, so "today" is the same whatever day the tests run on (no test starts failing on a future date), while
/// timers, retries and replay windows behave as they do in production.
/// </summary>
public sealed class TestClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private readonly long _started = Stopwatch.GetTimestamp();

    private TestClock()
    {
    }

    public static TestClock Instance { get; } = new();

    /// <summary>The China date the portals see: 2026-11-25 for any run shorter than 14 hours.</summary>
    public static DateOnly Today => ChinaTime.Today(Instance);

    public static DateTime UtcNow => Instance.GetUtcNow().UtcDateTime;

    public override DateTimeOffset GetUtcNow() => Start + Stopwatch.GetElapsedTime(_started);
}
