using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Pigment.Core;
using Pigment.Web.Jobs;

namespace Pigment.Web.Gallery;

/// <summary>
/// Every job and image the server made, in SQLite (pigment.db) with the PNGs beside it (images/ID.png, written
/// atomically before their row, so a row always has its file). Files are addressed by id only: an id is 32 hex
/// digits, checked before it comes near a path. Jobs still queued or running when the server stopped are marked
/// interrupted on the next start.
/// </summary>
public sealed class GalleryStore
{
    private readonly string _connection;

    public GalleryStore(string folder)
    {
        Folder = Path.GetFullPath(folder);
        ImagesFolder = Path.Combine(Folder, "images");
        Directory.CreateDirectory(ImagesFolder);
        _connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(Folder, "pigment.db"), Pooling = true }.ToString();
        Execute("""
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS jobs (
                id TEXT PRIMARY KEY, created TEXT NOT NULL, state TEXT NOT NULL, model TEXT NOT NULL,
                request TEXT NOT NULL, error TEXT, finished TEXT);
            CREATE TABLE IF NOT EXISTS images (
                id TEXT PRIMARY KEY, job_id TEXT NOT NULL, created TEXT NOT NULL, model TEXT NOT NULL,
                prompt TEXT NOT NULL, negative_prompt TEXT NOT NULL, seed INTEGER NOT NULL, parameters TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS images_by_time ON images (created DESC, id DESC);
            """);
    }

    public string Folder { get; }

    public string ImagesFolder { get; }

    public static string NewId() => Guid.NewGuid().ToString("N");

    public static bool IsId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Marks the jobs a stopped server left queued or running; returns how many.</summary>
    public int MarkInterrupted() =>
        Execute("UPDATE jobs SET state = 'interrupted', error = 'the server stopped before this job finished', finished = $now WHERE state IN ('queued', 'running')",
            ("$now", Now()));

    public void AddJob(Job job) =>
        Execute("INSERT INTO jobs (id, created, state, model, request) VALUES ($id, $created, 'queued', $model, $request)",
            ("$id", job.Id), ("$created", job.Created.ToString("O", CultureInfo.InvariantCulture)), ("$model", job.Spec.Model),
            ("$request", JsonSerializer.Serialize(job.Spec.WithoutUploads())));

    public void UpdateJob(string id, JobState state, string? error = null) =>
        Execute("UPDATE jobs SET state = $state, error = $error, finished = $finished WHERE id = $id",
            ("$id", id), ("$state", state.ToString().ToLowerInvariant()), ("$error", error),
            ("$finished", state is JobState.Queued or JobState.Running ? null : Now()));

    /// <summary>A finished job's state from the database (for jobs no longer in memory), or null.</summary>
    public (string State, string? Error)? StoredJob(string id)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT state, error FROM jobs WHERE id = $id", ("$id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    /// <summary>Writes the PNG (atomically) and then its row.</summary>
    public GalleryImage AddImage(string jobId, string model, string prompt, string negativePrompt, long seed, string parameters, byte[] png)
    {
        var image = new GalleryImage(NewId(), jobId, DateTimeOffset.UtcNow, model, prompt, negativePrompt, seed, parameters);
        AtomicFile.WriteAllBytes(FileOf(image.Id), png);
        Execute("INSERT INTO images (id, job_id, created, model, prompt, negative_prompt, seed, parameters) VALUES ($id, $job, $created, $model, $prompt, $negative, $seed, $parameters)",
            ("$id", image.Id), ("$job", jobId), ("$created", image.Created.ToString("O", CultureInfo.InvariantCulture)), ("$model", model),
            ("$prompt", prompt), ("$negative", negativePrompt), ("$seed", seed), ("$parameters", parameters));
        return image;
    }

    /// <summary>Images newest first, filtered by text in the prompt and by model, one page at a time.</summary>
    public (IReadOnlyList<GalleryImage> Images, int Total) Search(string? text, string? model, int page, int pageSize)
    {
        const string filter = "($text IS NULL OR instr(lower(prompt), lower($text)) > 0) AND ($model IS NULL OR model = $model)";
        using var connection = Open();
        object?[] args = [string.IsNullOrWhiteSpace(text) ? null : text.Trim(), string.IsNullOrWhiteSpace(model) ? null : model];
        using var count = Command(connection, $"SELECT count(*) FROM images WHERE {filter}", ("$text", args[0]), ("$model", args[1]));
        int total = Convert.ToInt32(count.ExecuteScalar(), CultureInfo.InvariantCulture);
        using var query = Command(connection, $"SELECT {Columns} FROM images WHERE {filter} ORDER BY created DESC, id DESC LIMIT $limit OFFSET $offset",
            ("$text", args[0]), ("$model", args[1]), ("$limit", pageSize), ("$offset", (long)page * pageSize));
        return (ReadImages(query), total);
    }

    public GalleryImage? Find(string id)
    {
        if (!IsId(id))
            return null;
        using var connection = Open();
        using var command = Command(connection, $"SELECT {Columns} FROM images WHERE id = $id", ("$id", id));
        return ReadImages(command).FirstOrDefault();
    }

    public IReadOnlyList<GalleryImage> ImagesOfJob(string jobId)
    {
        using var connection = Open();
        using var command = Command(connection, $"SELECT {Columns} FROM images WHERE job_id = $job ORDER BY seed", ("$job", jobId));
        return ReadImages(command);
    }

    /// <summary>The PNG of an image (by id only), or null.</summary>
    public string? FileIfExists(string id) => IsId(id) && File.Exists(FileOf(id)) ? FileOf(id) : null;

    /// <summary>Deletes an image's row and file; false when there is no such image.</summary>
    public bool Delete(string id)
    {
        if (!IsId(id))
            return false;
        bool existed = Execute("DELETE FROM images WHERE id = $id", ("$id", id)) > 0;
        if (File.Exists(FileOf(id)))
            File.Delete(FileOf(id));
        return existed;
    }

    public int Count() => Convert.ToInt32(Scalar("SELECT count(*) FROM images"), CultureInfo.InvariantCulture);

    private const string Columns = "id, job_id, created, model, prompt, negative_prompt, seed, parameters";

    private string FileOf(string id) => IsId(id) ? Path.Combine(ImagesFolder, id + ".png") : throw new ArgumentException("not an image id", nameof(id));

    private static List<GalleryImage> ReadImages(SqliteCommand command)
    {
        var images = new List<GalleryImage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            images.Add(new GalleryImage(reader.GetString(0), reader.GetString(1), DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt64(6), reader.GetString(7)));
        return images;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connection);
        connection.Open();
        using var timeout = Command(connection, "PRAGMA busy_timeout = 5000");
        timeout.ExecuteNonQuery();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = Open();
        using var command = Command(connection, sql);
        return command.ExecuteScalar();
    }
}
