namespace MovieNight.Migrations;

public static class Cli
{
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is ["migrate", "--db", var db])
        {
            try
            {
                var applied = new Migrator(Sqlite.ConnectionString(db)).Migrate();
                output.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s).");
                return 0;
            }
            catch (Exception e) when (e is DatabaseRefusedException or InvalidOperationException)
            {
                error.WriteLine(e.Message);
                return 1;
            }
        }
        error.WriteLine("usage: migrate --db <file>");
        return 2;
    }
}
