using OrleansWorkflows.UpgradeTests.Generator;

// Writes an upgrade fixture (README.md): `dotnet run --project tests/UpgradeTests.Generator -c Release`
// [-- --name <folder>] [--backend sqlite|postgresql]. Run by itself with "silo ..." it is the silo the generator kills.
return args is ["silo", ..]
    ? await GeneratorSilo.RunAsync(args[1..])
    : await FixtureGenerator.RunAsync(args);
