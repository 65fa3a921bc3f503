using Microsoft.EntityFrameworkCore;
using PosRenewal.Core.Common;

namespace PosRenewal.Core.Imports;

/// <summary>An uploaded file read back from the database one part at a time: one part in memory, however large the file.</summary>
public sealed class CardImportFileStream(IPosRenewalDb db, long importId) : Stream
{
    private byte[] _part = [];
    private int _at;
    private int _next;
    private bool _done;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_at == _part.Length)
        {
            if (_done)
            {
                return 0;
            }

            var part = _next++;
            var content = await db.CardImportFiles.AsNoTracking().Where(f => f.ImportId == importId && f.Part == part)
                .Select(f => f.Content).SingleOrDefaultAsync(cancellationToken);
            (_part, _at, _done) = (content ?? [], 0, content is null);
        }

        var count = Math.Min(buffer.Length, _part.Length - _at);
        _part.AsMemory(_at, count).CopyTo(buffer);
        _at += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The file is read from the database asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
