using System.Globalization;
using HubRealtime.Abstractions.Errors;
using HubRealtime.Abstractions.Notes;
using HubRealtime.Grains.Notes.Export;
using static HubRealtime.Server.Http.ApiSupport;

namespace HubRealtime.Server.Http;

/// <summary>Notes over HTTP: the export of a note as a file. The note grain decides who may read it and audits the export.</summary>
internal static class NoteEndpoints
{
    public static void MapNoteEndpoints(this IEndpointRouteBuilder app)
    {
        var notes = app.MapGroup("/api/rooms/{roomId}/notes").AddEndpointFilter(TypedErrors);

        notes.MapGet("/{doc}/export", async (string roomId, string doc, string? format, long? rev, HttpContext http, IGrainFactory grains) =>
        {
            var exportFormat = NoteExportFormat.Parse(format);
            if (rev < 0)
            {
                throw HubRealtimeException.Invalid("rev is 0 or more (leave it out for the newest revision).");
            }
            var note = grains.GetGrain<INoteGrain>(NoteId.Of(roomId, doc));
            var caller = CallerOf(http);
            var at = rev ?? (await note.Open(caller)).Rev;
            var version = await note.GetVersion(caller, at);
            var file = exportFormat.Render(version.Document);
            // Audited before the file leaves: an export that could not be recorded is not given out.
            await note.RecordExport(caller, version.Rev, exportFormat.Name);
            // Room ids and note names are [a-z0-9-]: the file name needs no escaping.
            http.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture,
                $"attachment; filename=\"{roomId}-{doc}-r{version.Rev}.{exportFormat.Extension}\"");
            return Results.Text(file, exportFormat.ContentType);
        });
    }
}
