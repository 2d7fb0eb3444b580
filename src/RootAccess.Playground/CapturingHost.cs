using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace RootAccess.Playground;

/// <summary>
/// The smallest PSHost that lets PowerShell's own formatter (Out-Default) render tables: it collects what the
/// engine writes to the host as text, 120 columns wide, and never prompts.
/// </summary>
public sealed class CapturingHost : PSHost
{
    private readonly CapturingHostUI _ui = new();

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "RootAccessPlayground";

    public override PSHostUserInterface UI => _ui;

    public override Version Version => new(1, 0);

    /// <summary>Everything written to the host so far.</summary>
    public string Text => _ui.Text;

    /// <summary>The choice to answer -Confirm prompts with (0 Yes, 1 Yes to All, 2 No, 3 No to All); null refuses to prompt.</summary>
    public int? ConfirmAnswer
    {
        get => _ui.ConfirmAnswer;
        set => _ui.ConfirmAnswer = value;
    }

    public void Clear() => _ui.Clear();

    public override void EnterNestedPrompt() => throw new NotSupportedException("The playground host has no nested prompt.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("The playground host has no nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    public override void SetShouldExit(int exitCode)
    {
    }

    private sealed class CapturingHostUI : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly RawUI _raw = new();

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override PSHostRawUserInterface RawUI => _raw;

        public int? ConfirmAnswer { get; set; }

        public void Clear()
        {
            lock (_text)
            {
                _text.Clear();
            }
        }

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
            => throw new PSInvalidOperationException("The playground host cannot prompt; pass every mandatory parameter.");

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
            => ConfirmAnswer ?? throw new PSInvalidOperationException("The playground host cannot prompt; use -Confirm:$false, -Force or -WhatIf.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName)
            => throw new PSInvalidOperationException("The playground host cannot prompt for credentials.");

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
            => throw new PSInvalidOperationException("The playground host cannot prompt for credentials.");

        public override string ReadLine() => throw new PSInvalidOperationException("The playground host cannot read input.");

        public override SecureString ReadLineAsSecureString() => throw new PSInvalidOperationException("The playground host cannot read input.");

        public override void Write(string value) => Append(value);

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Append(value);

        public override void WriteLine(string value) => Append(value + "\n");

        public override void WriteErrorLine(string value) => Append(value + "\n");

        public override void WriteDebugLine(string message) => Append("DEBUG: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record)
        {
        }

        public override void WriteVerboseLine(string message) => Append("VERBOSE: " + message + "\n");

        public override void WriteWarningLine(string message) => Append("WARNING: " + message + "\n");

        // Custom hosts still get VT styling on table headers; plain text is what the playground and tests want.
        private static readonly System.Text.RegularExpressions.Regex Ansi = new("\u001b\\[[0-9;]*[A-Za-z]", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private void Append(string value)
        {
            lock (_text)
            {
                _text.Append(Ansi.Replace(value, string.Empty));
            }
        }
    }

    private sealed class RawUI : PSHostRawUserInterface
    {
        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Size BufferSize { get; set; } = new(120, 3000);

        public override Coordinates CursorPosition { get; set; }

        public override int CursorSize { get; set; }

        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override bool KeyAvailable => false;

        public override Size MaxPhysicalWindowSize => new(120, 3000);

        public override Size MaxWindowSize => new(120, 3000);

        public override Coordinates WindowPosition { get; set; }

        public override Size WindowSize { get; set; } = new(120, 50);

        public override string WindowTitle { get; set; } = "RootAccess";

        public override void FlushInputBuffer()
        {
        }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new PSInvalidOperationException("The playground host cannot read keys.");

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
        {
        }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents)
        {
        }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
        {
        }
    }
}
