using Microsoft.Data.Sqlite;
using MovieNight.Migrations;

namespace MovieNight.Web.Data;

/// <summary>The one SQLite database. Each unit of work opens its own connection (pooled, so cheap).</summary>
public sealed class Db(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public SqliteConnection OpenConnection() => Sqlite.Open(ConnectionString);
}
