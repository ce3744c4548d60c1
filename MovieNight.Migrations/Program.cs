namespace MovieNight.Migrations;

// A named entry point: a top-level Program would clash with the web app's in the tests.
internal static class EntryPoint
{
    private static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
