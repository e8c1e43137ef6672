// dotnet OrleansWorkflows.ReplayGate.dll --assembly MyWorkflows.dll histories/ : one line per history, exit code 0/1/2.
return OrleansWorkflows.Testing.ReplayGate.Run(args, Console.Out);
