using Microsoft.Data.Sqlite;

namespace MovieNight.Migrations.LegacyImport;

/// <summary>
/// One INSERT prepared once and run for every row: a big history is tens of thousands of rows,
/// and re-preparing the statement for each would dominate the import.
/// </summary>
internal sealed class PreparedInsert : IDisposable
{
    private readonly SqliteCommand command;
    private readonly SqliteParameter[] parameters;

    public PreparedInsert(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameterNames)
    {
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        parameters = parameterNames.Select(name => command.Parameters.Add(new SqliteParameter(name, null))).ToArray();
        command.Prepare();
    }

    /// <summary>Runs the insert; returns the first column of its result (the RETURNING id), if any.</summary>
    public long? Run(params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
            parameters[i].Value = values[i] ?? DBNull.Value;
        return command.ExecuteScalar() is long id ? id : null;
    }

    public void Dispose() => command.Dispose();
}
