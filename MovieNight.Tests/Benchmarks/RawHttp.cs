using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MovieNight.Benchmarks;

/// <summary>One response as the load loops need it: status, whether the output cache served it, the body when asked for.</summary>
public readonly record struct RawResponse(int Status, bool FromCache, int BodyLength, string? Body);

/// <summary>
/// A minimal HTTP/1.1 keep-alive client over one socket: sends pre-built request bytes and reads
/// one response (Content-Length or chunked). The load generator runs on the same two cores as the
/// app, so it must cost far less per request than HttpClient does.
/// </summary>
public sealed class RawHttpConnection : IAsyncDisposable
{
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();

    private readonly Socket socket;
    private byte[] buffer = new byte[64 * 1024];
    private int start, end;

    private RawHttpConnection(Socket socket) => this.socket = socket;

    public static async Task<RawHttpConnection> OpenAsync(IPEndPoint server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server);
        return new RawHttpConnection(socket);
    }

    public async ValueTask<RawResponse> SendAsync(ReadOnlyMemory<byte> request, bool keepBody)
    {
        await socket.SendAsync(request, SocketFlags.None);

        int headerEnd;
        while ((headerEnd = buffer.AsSpan(start, end - start).IndexOf(HeaderEnd)) < 0)
            await FillAsync();
        var head = Encoding.ASCII.GetString(buffer, start, headerEnd);
        start += headerEnd + HeaderEnd.Length;

        var status = int.Parse(head.AsSpan(9, 3));
        bool fromCache = false, chunked = false, close = false;
        var contentLength = 0;
        foreach (var line in head.Split("\r\n").Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var name = line.AsSpan(0, colon);
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = int.Parse(value);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Age", StringComparison.OrdinalIgnoreCase)) fromCache = true;
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
        }

        var body = keepBody ? new MemoryStream() : null;
        var length = 0;
        if (!chunked)
        {
            length = contentLength;
            await ReadBodyAsync(contentLength, body);
        }
        else
        {
            while (true)
            {
                int lineEnd;
                while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf(LineEnd)) < 0)
                    await FillAsync();
                var sizeText = Encoding.ASCII.GetString(buffer, start, lineEnd).Split(';')[0].Trim();
                start += lineEnd + LineEnd.Length;
                var size = Convert.ToInt32(sizeText, 16);
                if (size == 0)
                {
                    // Trailers (none expected) end with an empty line.
                    while ((lineEnd = buffer.AsSpan(start, end - start).IndexOf(LineEnd)) != 0)
                    {
                        if (lineEnd > 0) start += lineEnd + LineEnd.Length;
                        else await FillAsync();
                    }
                    start += LineEnd.Length;
                    break;
                }
                length += size;
                await ReadBodyAsync(size, body);
                await ReadBodyAsync(LineEnd.Length, null);
            }
        }
        if (close) throw new IOException("The server closed the connection.");
        return new RawResponse(status, fromCache, length, body is null ? null : Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
    }

    private async ValueTask ReadBodyAsync(int count, MemoryStream? into)
    {
        while (count > 0)
        {
            if (start == end) await FillAsync();
            var take = Math.Min(count, end - start);
            into?.Write(buffer, start, take);
            start += take;
            count -= take;
        }
    }

    private async ValueTask FillAsync()
    {
        if (start == end) start = end = 0;
        else if (end == buffer.Length)
        {
            // Make room: move what is unread to the front, or grow for a very long header.
            if (start == 0) Array.Resize(ref buffer, buffer.Length * 2);
            else
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
        }
        var read = await socket.ReceiveAsync(buffer.AsMemory(end), SocketFlags.None);
        if (read == 0) throw new IOException("The server closed the connection mid-response.");
        end += read;
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public static byte[] Get(string host, string path, string? cookie, bool htmx = false) => Encoding.UTF8.GetBytes(
        $"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\n" +
        (htmx ? "HX-Request: true\r\n" : "") +
        (cookie is null ? "" : $"Cookie: {cookie}\r\n") + "\r\n");

    /// <summary>A POST as htmx sends a form: the token in the header (site.js) and in the form field.</summary>
    public static byte[] HtmxPost(string host, string path, string cookie, string token)
    {
        var form = $"__RequestVerificationToken={Uri.EscapeDataString(token)}";
        return Encoding.UTF8.GetBytes(
            $"POST {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/html\r\nHX-Request: true\r\nRequestVerificationToken: {token}\r\n" +
            $"Cookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {Encoding.UTF8.GetByteCount(form)}\r\n\r\n{form}");
    }
}
