using System;
using System.IO;
using RootAccess.HelpBuilder;

// Turns docs/ (platyPS-format markdown) into the module's help: en-US/RootAccess.dll-Help.xml and about_*.help.txt.
// platyPS is not reachable here; this is the small part of it the build needs.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: RootAccess.HelpBuilder <docs folder> <output en-US folder>");
    return 2;
}

try
{
    var written = HelpWriter.Build(args[0], args[1]);
    Console.WriteLine($"RootAccess.HelpBuilder: {written} help files in {args[1]}");
    return 0;
}
catch (Exception ex) when (ex is InvalidDataException || ex is IOException)
{
    Console.Error.WriteLine("error RAHELP: " + ex.Message);
    return 1;
}
