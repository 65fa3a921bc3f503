namespace PosRenewal.Core.Imports;

public enum ImportMode
{
    /// <summary>Any rejected line and nothing is written.</summary>
    AllOrNothing = 1,

    /// <summary>Valid lines are written, rejected ones listed.</summary>
    ValidRows = 2,
}

public enum ImportStatus
{
    Queued = 1,
    Validating = 2,
    Writing = 3,
    Done = 4,

    /// <summary>All-or-nothing with rejected lines: nothing was written.</summary>
    Rejected = 5,

    /// <summary>The file could not be read, or the database failed midway (re-running is safe: rows are upserted by ICCID).</summary>
    Failed = 6,
}

/// <summary>One upload of a card inventory CSV, its progress and outcome. The worker that runs it holds it by a heartbeat.</summary>
public class CardImport
{
    public const int FileNameMaxLength = 200;
    public const int ByMaxLength = 256;
    public const int MessageMaxLength = 500;

    /// <summary>Rejected lines kept with their reasons; beyond this only the count is kept.</summary>
    public const int MaxErrorsKept = 1000;

    private CardImport()
    {
    }

    public CardImport(string fileName, ImportMode mode, string by, DateTime nowUtc)
    {
        FileName = fileName.Length > FileNameMaxLength ? fileName[..FileNameMaxLength] : fileName;
        Mode = mode;
        By = by.Length > ByMaxLength ? by[..ByMaxLength] : by;
        Status = ImportStatus.Queued;
        CreatedAtUtc = nowUtc;
    }

    public long Id { get; private set; }

    public string FileName { get; private set; } = "";

    public ImportMode Mode { get; private set; }

    public string By { get; private set; } = "";

    public ImportStatus Status { get; set; }

    public int TotalLines { get; set; }

    /// <summary>Lines done in the current phase (validating, then writing).</summary>
    public int ProcessedLines { get; set; }

    public int Inserted { get; set; }

    public int Updated { get; set; }

    public int Unchanged { get; set; }

    public int RejectedLines { get; set; }

    public string? Message { get; set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? FinishedAtUtc { get; set; }

    /// <summary>The instance running it and when it last reported; a stale heartbeat lets another instance take over.</summary>
    public string? LockedBy { get; set; }

    public DateTime? HeartbeatAtUtc { get; set; }

    public bool IsFinished => Status is ImportStatus.Done or ImportStatus.Rejected or ImportStatus.Failed;
}

/// <summary>A rejected line of an import: its number in the file (the header is line 1) and why.</summary>
public class CardImportError
{
    public const int ReasonMaxLength = 300;

    private CardImportError()
    {
    }

    public CardImportError(long importId, int line, string? iccid, string reason)
    {
        ImportId = importId;
        Line = line;
        Iccid = iccid is { Length: > 40 } ? iccid[..40] : iccid;
        Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason;
    }

    public long Id { get; private set; }

    public long ImportId { get; private set; }

    public int Line { get; private set; }

    public string? Iccid { get; private set; }

    public string Reason { get; private set; } = "";
}

/// <summary>
/// One part of an uploaded file, kept in the database so any instance can run the import. The file is stored and read
/// back a part at a time (<see cref="PartBytes"/>), so neither the upload nor the import holds a whole file in memory.
/// </summary>
public class CardImportFile
{
    public const int PartBytes = 1024 * 1024;

    private CardImportFile()
    {
    }

    public CardImportFile(long importId, int part, byte[] content)
    {
        ImportId = importId;
        Part = part;
        Content = content;
    }

    public long Id { get; private set; }

    public long ImportId { get; private set; }

    public CardImport Import { get; private set; } = null!;

    /// <summary>Where this part goes in the file, from 0.</summary>
    public int Part { get; private set; }

    public byte[] Content { get; private set; } = [];
}
