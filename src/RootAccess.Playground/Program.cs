using System;
using RootAccess.Playground;

return await PlaygroundRunner.RunAsync(PlaygroundOptions.Parse(args), Console.Out, Console.Error);
