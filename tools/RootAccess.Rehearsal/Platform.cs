using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using RootAccess.Simulator;
using YamlDotNet.RepresentationModel;

namespace RootAccess.Rehearsal;

/// <summary>Where the rehearsal finds what it runs: the pinned pwsh, the packaged zips and documents, the runbook scripts.</summary>
internal sealed record Paths(string Dotnet, string Pwsh, string Package, string Runbooks);

/// <summary>One job as its platform would report it: how it ended, what it wrote, the objects it output.</summary>
internal sealed class Job
{
    public int ExitCode { get; set; }

    public bool TimedOut { get; set; }

    /// <summary>The platform stopped the job outright: it could not clean up (a sandbox that is thrown away after it).</summary>
    public bool Killed { get; set; }

    /// <summary>The job's home, temp and working folders: what a job that ended by itself leaves there is scanned for secrets.</summary>
    public List<string> Folders { get; } = new();

    public string Output { get; set; } = string.Empty;

    /// <summary>The job's output objects (Azure's output stream), or the step's Payload (SSM), as JSON.</summary>
    public List<JsonNode> Objects { get; } = new();

    public bool Failed => ExitCode != 0 || TimedOut;

    /// <summary>Whether the output says this, however the host wrapped its lines (an error view wraps at the console's width).</summary>
    public bool Says(string text) => Squash(Output).Contains(Squash(text), StringComparison.Ordinal);

    private static string Squash(string text) => Regex.Replace(text, @"[\s|]+", string.Empty);

    public JsonNode? Summary => Objects.LastOrDefault();

    /// <summary>Why the job ended, shortened for one line of the report.</summary>
    public string Reason
    {
        get
        {
            var line = Output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Contains("failed", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal) || l.Contains("denied", StringComparison.OrdinalIgnoreCase)) ?? Output.Trim().Split('\n').LastOrDefault() ?? string.Empty;
            return line.Length > 160 ? line.Substring(0, 160) + "..." : line;
        }
    }
}

/// <summary>
/// Runs a runbook the way its platform does: a fresh process of the pinned pwsh, non-interactive, its standard input
/// left open (a prompt would wait there, and the job's time limit turns that into a failure), an environment holding
/// only what the platform gives, and the module imported from the packaged zip.
/// </summary>
internal sealed class Platform
{
    private static readonly TimeSpan JobLimit = TimeSpan.FromSeconds(240);
    private readonly Paths _paths;
    private readonly string _work;
    private readonly string _modules;

    public Platform(Paths paths, string work)
    {
        _paths = paths;
        _work = work;
        // Azure Automation: the module zip imported into the Automation account, so RootAccess is on PSModulePath.
        _modules = Path.Combine(work, "azure-modules");
        ZipFile.ExtractToDirectory(Path.Combine(paths.Package, "RootAccess.zip"), _modules);
    }

    /// <summary>An Azure Automation job of a runbook (PowerShell 7 runtime) with its managed identity's variables.</summary>
    public Task<Job> AzureAsync(AwsSimulator simulator, string runbook, IDictionary<string, object> parameters, Func<Process, Task>? during = null)
    {
        var environment = Base(simulator);
        environment["PSModulePath"] = _modules;
        environment["IDENTITY_ENDPOINT"] = simulator.Endpoint + ManagedIdentityStandIn.Path;
        environment["IDENTITY_HEADER"] = simulator.ManagedIdentity.Header;
        environment["REHEARSAL_PARAMETERS"] = JsonSerializer.Serialize(parameters);
        var script = Path.Combine(_paths.Runbooks, "azure-automation", runbook + ".ps1");
        // Azure records each output object of the job; the rehearsal writes each as one JSON line.
        var command = $"$parameters = $env:REHEARSAL_PARAMETERS | ConvertFrom-Json -AsHashtable; & '{script}' @parameters | ForEach-Object {{ '##OUTPUT## ' + ($_ | ConvertTo-Json -Depth 5 -Compress) }}";
        return RunAsync(environment, NewFolder("azure-job"), command, during);
    }

    /// <summary>
    /// An SSM Automation execution of a document: its structure checked as the service would (schema 0.3, an assume role,
    /// one aws:executeScript step on a PowerShell runtime with the attachment named in files, whose sha256 must match), the
    /// role's credentials from the service's AssumeRole, the InputPayload resolved from the parameters, the script run in a
    /// working folder holding the attachment, retried up to maxAttempts, and the step's outputs selected from its Payload.
    /// </summary>
    public async Task<(Job Job, Dictionary<string, JsonNode?> Outputs, int Attempts)> SsmAsync(AwsSimulator simulator, string document, IDictionary<string, object> parameters, string roleArn)
    {
        var step = SsmDocument.Load(Path.Combine(_paths.Package, "ssm", document + ".yaml"), _paths.Package);
        var payload = step.Payload(parameters, "exec-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Job job = new();
        var attempts = 0;
        while (attempts < step.MaxAttempts)
        {
            attempts++;
            var environment = Base(simulator);
            foreach (var pair in await ServiceRoleAsync(simulator, roleArn))
            {
                environment[pair.Key] = pair.Value;
            }

            environment["AWS_REGION"] = "us-east-1";
            environment["InputPayload"] = payload.ToJsonString();
            var folder = NewFolder("ssm-step");
            File.Copy(step.AttachmentPath, Path.Combine(folder, step.Attachment));
            var script = Path.Combine(NewFolder("ssm-script"), "script.ps1");
            File.WriteAllText(script, step.Script);
            job = await RunAsync(environment, folder, $"$result = & '{script}'; '##OUTPUT## ' + ($result | ConvertTo-Json -Depth 5 -Compress)", null);
            if (!job.Failed)
            {
                break;
            }
        }

        var outputs = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var output in step.Outputs)
        {
            var value = job.Summary is JsonObject result ? result[output.Selector.Substring("$.Payload.".Length)] : null;
            outputs[output.Name] = value is null || Typed(value, output.Type) ? value : throw new InvalidDataException($"output {output.Name} is not of type {output.Type}: {value.ToJsonString()}");
        }

        return (job, outputs, attempts);
    }

    private static bool Typed(JsonNode value, string type) => type switch
    {
        "String" => value.GetValueKind() == JsonValueKind.String,
        "Integer" => value.GetValueKind() == JsonValueKind.Number,
        "Boolean" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        _ => true,
    };

    // What SSM Automation does before the step runs: sts:AssumeRole of the document's assume role, as ssm.amazonaws.com.
    private static async Task<Dictionary<string, string>> ServiceRoleAsync(AwsSimulator simulator, string roleArn)
    {
        using var http = new HttpClient();
        var ask = JsonSerializer.Serialize(new { roleArn, service = "ssm.amazonaws.com", sourceAccount = "111111111111", sessionName = "automation" });
        using var response = await http.PostAsync(simulator.Endpoint + "/__simulator/assume-role", new StringContent(ask, Encoding.UTF8, "application/json"));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"SSM could not assume {roleArn}: {answer}");
        }

        return new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = answer["AccessKeyId"]!.GetValue<string>(),
            ["AWS_SECRET_ACCESS_KEY"] = answer["SecretAccessKey"]!.GetValue<string>(),
            ["AWS_SESSION_TOKEN"] = answer["SessionToken"]!.GetValue<string>(),
        };
    }

    // What any platform gives: a PATH, a home and a temp folder of the job's own, and the route to AWS (here the simulator
    // stands in for AWS's endpoints). No AWS keys, no profile, no config file.
    private Dictionary<string, string> Base(AwsSimulator simulator)
    {
        var home = NewFolder("home");
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = home,
            ["TMPDIR"] = NewFolder("tmp"),
            ["AWS_ENDPOINT_URL"] = simulator.Endpoint,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
            ["NO_COLOR"] = "1",
        };
    }

    private async Task<Job> RunAsync(Dictionary<string, string> environment, string folder, string command, Func<Process, Task>? during)
    {
        var start = new ProcessStartInfo(_paths.Dotnet) { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { _paths.Pwsh, "-NoProfile", "-NonInteractive", "-OutputFormat", "Text", "-Command", command })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var pair in environment)
        {
            start.Environment[pair.Key] = pair.Value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pwsh did not start");
        var output = new StringBuilder();
        var gate = new object();
        void Collect(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var job = new Job();
        job.Folders.AddRange(new[] { environment["HOME"], environment["TMPDIR"], folder });
        var watching = during?.Invoke(process) ?? Task.CompletedTask;
        using var limit = new CancellationTokenSource(JobLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            job.TimedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        await watching;
        process.WaitForExit(); // drains the output handlers
        job.ExitCode = process.ExitCode;
        lock (gate)
        {
            job.Output = output.ToString();
        }

        foreach (var line in job.Output.Split('\n').Where(l => l.StartsWith("##OUTPUT## ", StringComparison.Ordinal)))
        {
            var json = line.Substring("##OUTPUT## ".Length).Trim();
            if (json.Length > 0 && JsonNode.Parse(json) is { } node)
            {
                job.Objects.Add(node);
            }
        }

        return job;
    }

    private string NewFolder(string kind)
    {
        var folder = Path.Combine(_work, kind + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

/// <summary>An SSM Automation document's one aws:executeScript step, read and checked as the service reads it.</summary>
internal sealed class SsmDocument
{
    private static readonly Regex Reference = new(@"\{\{\s*([A-Za-z0-9:_]+)\s*\}\}", RegexOptions.CultureInvariant);

    public string Script { get; private set; } = string.Empty;

    public string Attachment { get; private set; } = string.Empty;

    public string AttachmentPath { get; private set; } = string.Empty;

    public int MaxAttempts { get; private set; } = 1;

    public List<(string Name, string Selector, string Type)> Outputs { get; } = new();

    private YamlMappingNode _inputPayload = new();
    private readonly Dictionary<string, string> _parameterTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _parameterDefaults = new(StringComparer.Ordinal);

    public static SsmDocument Load(string path, string package)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        string Scalar(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode s ? s.Value ?? string.Empty : string.Empty;
        YamlMappingNode Map(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlMappingNode m ? m : throw new InvalidDataException($"{Path.GetFileName(path)}: '{key}' is missing");

        if (Scalar(root, "schemaVersion") != "0.3")
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: schemaVersion is not 0.3");
        }

        if (!Reference.IsMatch(Scalar(root, "assumeRole")))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: assumeRole is not a parameter reference");
        }

        var steps = root.Children[new YamlScalarNode("mainSteps")] as YamlSequenceNode ?? throw new InvalidDataException("mainSteps is missing");
        var step = steps.Children.OfType<YamlMappingNode>().Single(s => Scalar(s, "action") == "aws:executeScript");
        var inputs = Map(step, "inputs");
        var document = new SsmDocument
        {
            Script = Scalar(inputs, "Script"),
            Attachment = Scalar(inputs, "Attachment"),
            MaxAttempts = int.TryParse(Scalar(step, "maxAttempts"), out var attempts) ? attempts : 1,
            _inputPayload = Map(inputs, "InputPayload"),
        };
        if (!Scalar(inputs, "Runtime").StartsWith("PowerShell ", StringComparison.Ordinal) || inputs.Children.ContainsKey(new YamlScalarNode("Handler")))
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: the step must run on a PowerShell runtime, without a Handler");
        }

        if (int.TryParse(Scalar(step, "timeoutSeconds"), out var timeout) && timeout > 600)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: timeoutSeconds {timeout} exceeds aws:executeScript's 600");
        }

        var file = Map(Map(root, "files"), document.Attachment);
        var expected = Scalar(Map(file, "checksums"), "sha256");
        document.AttachmentPath = Path.Combine(package, document.Attachment);
        var actual = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(document.AttachmentPath))).ToLowerInvariant();
        if (expected != actual)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)}: the attachment's sha256 is {actual}, the document says {expected}");
        }

        foreach (var parameter in Map(root, "parameters").Children)
        {
            var name = ((YamlScalarNode)parameter.Key).Value!;
            document._parameterTypes[name] = Scalar((YamlMappingNode)parameter.Value, "type");
            document._parameterDefaults[name] = Scalar((YamlMappingNode)parameter.Value, "default");
        }

        if (step.Children.TryGetValue(new YamlScalarNode("outputs"), out var outputs))
        {
            foreach (var output in ((YamlSequenceNode)outputs).Children.OfType<YamlMappingNode>())
            {
                document.Outputs.Add((Scalar(output, "Name"), Scalar(output, "Selector"), Scalar(output, "Type")));
            }
        }

        return document;
    }

    /// <summary>InputPayload with the document's parameters (defaults for those not given) and automation variables put in.</summary>
    public JsonObject Payload(IDictionary<string, object> parameters, string executionId)
    {
        var payload = new JsonObject();
        foreach (var pair in _inputPayload.Children)
        {
            var text = ((YamlScalarNode)pair.Value).Value ?? string.Empty;
            var whole = Reference.Match(text);
            if (whole.Success && whole.Value == text && _parameterTypes.TryGetValue(whole.Groups[1].Value, out var type) && type == "StringList")
            {
                payload[((YamlScalarNode)pair.Key).Value!] = new JsonArray(((IEnumerable<string>)parameters[whole.Groups[1].Value]).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
                continue;
            }

            payload[((YamlScalarNode)pair.Key).Value!] = Reference.Replace(text, m => m.Groups[1].Value == "automation:EXECUTION_ID" ? executionId : parameters.TryGetValue(m.Groups[1].Value, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : _parameterDefaults.GetValueOrDefault(m.Groups[1].Value, string.Empty));
        }

        return payload;
    }
}
