using MovieNight.Migrations;

// Placeholder entry point; the CLI (migrate, import-json) is built in Cli.cs.
return Cli.Run(args, Console.Out, Console.Error);
