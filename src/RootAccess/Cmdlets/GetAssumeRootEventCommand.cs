using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using RootAccess.Aws;
using RootAccess.Core;
using RootAccess.Root;

namespace RootAccess.Cmdlets;

/// <summary>
/// Lists every sts:AssumeRoot call, from CloudTrail LookupEvents or from CloudTrail log files as delivered to S3,
/// ranked by the hardening guide's monitoring table, in time order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "AssumeRootEvent", DefaultParameterSetName = LookupSet)]
[OutputType(typeof(AssumeRootEvent))]
public sealed class GetAssumeRootEventCommand : AwsCmdlet
{
    public const string LookupSet = "Lookup";
    public const string PathSet = "Path";

    public const string LiteralPathSet = "LiteralPath";

    private readonly List<AssumeRootEvent> _events = new();
    private readonly List<SessionCall> _sessionCalls = new();

    /// <summary>CloudTrail log files or folders (recursed for *.json and *.json.gz); wildcards allowed.</summary>
    [SupportsWildcards]
    [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Files or folders named exactly as written: [ and ] are part of the name, not wildcards.</summary>
    [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = new string[0];

    /// <summary>Events at or after this time.</summary>
    [Parameter]
    [DateTimeTransformation]
    public DateTime? StartTime { get; set; }

    /// <summary>Events at or before this time (default: now).</summary>
    [Parameter]
    [DateTimeTransformation]
    public DateTime? EndTime { get; set; }

    /// <summary>Shorthand for -StartTime: this long before now (24h, 7d, 2w...). CloudTrail lookups default to 24h.</summary>
    [Parameter]
    [ValidateDuration]
    public string? Since { get; set; }

    /// <summary>The approved change window (start and end); events outside it are Critical.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    [DateTimeTransformation]
    public DateTime[]? ChangeWindow { get; set; }

    /// <summary>Addresses or CIDR ranges AssumeRoot may come from; events from elsewhere are Critical.</summary>
    [Parameter]
    [ValidateIpRange]
    public string[]? ExpectedSourceIp { get; set; }

    private EventExpectations Expectations => new()
    {
        WindowStart = ChangeWindow?.Min(),
        WindowEnd = ChangeWindow?.Max(),
        ExpectedSourceIps = (ExpectedSourceIp ?? new string[0]).Select(ip => IpRange.TryParse(ip, out var range) ? range : null).Where(r => r is not null).Select(r => r!).ToList(),
    };

    private DateTime? From => Since is not null && TimeWindows.TryParse(Since, out var span) ? DateTime.UtcNow - span : StartTime?.ToUniversalTime();

    private DateTime? To => EndTime?.ToUniversalTime();

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (ChangeWindow is { Length: 2 } window && window[0] > window[1])
        {
            RefuseRange("ChangeWindow", $"-ChangeWindow starts ({window[0]:u}) after it ends ({window[1]:u}). Pass the start first, then the end: -ChangeWindow '2026-12-01 22:00', '2026-12-02 02:00'.");
        }

        if (StartTime is { } start && EndTime is { } end && start > end)
        {
            RefuseRange("StartTime", $"-StartTime ({start:u}) is after -EndTime ({end:u}). Pass an earlier -StartTime, or -Since 24h.");
        }

        if (Since is not null && StartTime is not null)
        {
            RefuseRange("Since", "-Since and -StartTime both set where the events start; pass one of them.");
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName is PathSet or LiteralPathSet)
        {
            ReadFiles();
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == LookupSet)
        {
            Lookup();
        }

        else
        {
            AssumeRootEventReader.LinkSessionCalls(_events, _sessionCalls);
        }

        foreach (var item in _events.Where(e => (From is not { } from || e.EventTime >= from) && (To is not { } to || e.EventTime <= to)).OrderBy(e => e.EventTime))
        {
            WriteObject(item);
        }

        base.EndProcessing();
    }

    private void Lookup()
    {
        using var lookup = new AssumeRootEventLookup(Context);
        try
        {
            ForEach(lookup.LookupAsync(From ?? DateTime.UtcNow.AddHours(-24), To, Expectations, Cancellation), item =>
            {
                _events.Add(item);
                WarnSkipped(lookup);
                WriteProgress(new ProgressRecord(1, "Reading CloudTrail", $"{lookup.Pages} pages, {_events.Count} AssumeRoot events"));
            });
            WarnSkipped(lookup);
        }
        catch (Exception ex) when (AwsFailures.IsAwsFailure(ex))
        {
            ThrowTerminatingError(AwsErrorRecords.Create(ex, ErrorIds.LookupEventsFailed, "cloudtrail", "Reading AssumeRoot events from CloudTrail failed", Context));
        }
        catch (JsonException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.LookupEventsUnreadable, ErrorCategory.InvalidData, "cloudtrail") { ErrorDetails = new ErrorDetails("CloudTrail returned a response that is not valid JSON: " + ex.Message) });
        }

        WriteProgress(new ProgressRecord(1, "Reading CloudTrail", "Done") { RecordType = ProgressRecordType.Completed });
    }

    private void WarnSkipped(AssumeRootEventLookup lookup)
    {
        while (lookup.Skipped.TryDequeue(out var skipped))
        {
            WriteSkipped(skipped, "cloudtrail");
        }
    }

    // A record that cannot be read is an error, not a warning: in an audit it could hide an AssumeRoot (the others are still read).
    private void WriteSkipped(string skipped, string source)
        => WriteError(new ErrorRecord(new InvalidDataException(skipped), ErrorIds.CloudTrailRecordSkipped, ErrorCategory.InvalidData, source)
        {
            ErrorDetails = new ErrorDetails(skipped + " The other records are read; find out where this one came from, since a record nobody can read may hide an AssumeRoot."),
        });

    private void RefuseRange(string parameter, string message)
        => ThrowTerminatingError(new ErrorRecord(new PSArgumentException(message, parameter), ErrorIds.InvalidTimeRange, ErrorCategory.InvalidArgument, parameter) { ErrorDetails = new ErrorDetails(message) });

    private void ReadFiles()
    {
        var expectations = Expectations;
        foreach (var file in InputPaths.Files(this, ParameterSetName == LiteralPathSet ? LiteralPath : Path, "Pass CloudTrail log files (.json, .json.gz) or folders of them; wildcards are allowed.", AssumeRootEventReader.IsLogFile, literal: ParameterSetName == LiteralPathSet))
        {
            try
            {
                var contents = AssumeRootEventReader.ReadFile(file, expectations);
                _events.AddRange(contents.Events);
                _sessionCalls.AddRange(contents.SessionCalls);
                foreach (var skipped in contents.Skipped)
                {
                    WriteSkipped(skipped, file);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is JsonException || ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.CloudTrailLogUnreadable, ErrorCategory.InvalidData, file)
                {
                    ErrorDetails = new ErrorDetails($"{file}: not a readable CloudTrail log file ({ex.Message}); the other files are still read."),
                });
            }
        }
    }
}
