using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace HubRealtime.Browser.Tests;

/// <summary>
/// Sits between one page and the hub, so tests can make the gaps and drops that the protocol's resume
/// rules exist for: it wraps the page's WebSocket (an init script, installed before the app loads) to drop
/// chosen SignalR records from the server, count GetMissed calls and cut the socket; and it makes
/// negotiate requests fail while connections are refused.
/// </summary>
public sealed partial class HubTap
{
    // Every SignalR JSON record ends with the record separator (U+001E); a frame may hold several.
    private const string Script = """
        (() => {
          const RS = "\u001e";
          const tap = { rules: [], dropped: 0, getMissed: 0, sockets: [], failSends: [], sendIds: [] };
          Object.defineProperty(window, "__hubTap", { value: tap });
          const Native = window.WebSocket;
          const matches = (record) => tap.rules.some((rule) => rule.every((part) => record.includes(part)));
          class TapSocket extends Native {
            constructor(url, protocols) {
              super(url, protocols);
              if (String(url).includes("/hubs/room")) tap.sockets.push(this);
            }
            set onmessage(handler) {
              this.tapHandler = handler;
              super.onmessage = typeof handler !== "function" ? handler : (event) => {
                if (typeof event.data !== "string" || tap.rules.length === 0) return handler.call(this, event);
                const records = event.data.split(RS).filter((r) => r.length > 0);
                const kept = records.filter((r) => !matches(r));
                tap.dropped += records.length - kept.length;
                if (kept.length === records.length) return handler.call(this, event);
                if (kept.length > 0) handler.call(this, new MessageEvent("message", { data: kept.map((r) => r + RS).join("") }));
              };
            }
            get onmessage() {
              return super.onmessage;
            }
            send(data) {
              if (typeof data === "string" && data.includes('"target":"GetMissed"')) tap.getMissed++;
              if (typeof data === "string" && data.includes('"target":"SendMessage"')) {
                const invocation = JSON.parse(data.split(RS)[0]);
                tap.sendIds.push(invocation.arguments[1].clientMessageId);
                if (tap.failSends.length > 0) {
                  // Answer in the server's place: the message is not sent, the call fails with this error.
                  const error = tap.failSends.shift();
                  const reply = JSON.stringify({ type: 3, invocationId: invocation.invocationId, error }) + RS;
                  setTimeout(() => this.tapHandler?.call(this, new MessageEvent("message", { data: reply })), 0);
                  return;
                }
              }
              return super.send(data);
            }
          }
          window.WebSocket = TapSocket;
        })();
        """;

    private readonly IPage _page;

    private HubTap(IPage page) => _page = page;

    /// <summary>While true, negotiate requests fail, so the page cannot (re)connect.</summary>
    public bool RefuseConnections { get; set; }

    /// <summary>Installs the tap in <paramref name="context"/>; call <see cref="For"/> once the page exists.</summary>
    public static async Task InstallAsync(IBrowserContext context, Func<HubTap?> current)
    {
        await context.AddInitScriptAsync(Script);
        await context.RouteAsync(NegotiatePattern(), async route =>
        {
            if (current()?.RefuseConnections == true) await route.AbortAsync("connectionrefused");
            else await route.FallbackAsync();
        });
    }

    public static HubTap For(IPage page) => new(page);

    /// <summary>Drops every server record that contains all of <paramref name="parts"/> (adds a rule).</summary>
    public Task DropFromServerAsync(params string[] parts) =>
        _page.EvaluateAsync("rule => window.__hubTap.rules.push(rule)", parts);

    public Task StopDroppingAsync() => _page.EvaluateAsync("() => { window.__hubTap.rules.length = 0; }");

    /// <summary>The next SendMessage call does not reach the server and fails with this hub error text.</summary>
    public Task FailNextSendAsync(string error) =>
        _page.EvaluateAsync("error => window.__hubTap.failSends.push(error)", error);

    /// <summary>The clientMessageId of every SendMessage call the page made, in order.</summary>
    public Task<string[]> SendIdsAsync() => _page.EvaluateAsync<string[]>("() => [...window.__hubTap.sendIds]");

    public Task<int> DroppedAsync() => _page.EvaluateAsync<int>("() => window.__hubTap.dropped");

    public Task<int> GetMissedCallsAsync() => _page.EvaluateAsync<int>("() => window.__hubTap.getMissed");

    /// <summary>Closes the page's open hub WebSockets with an abnormal code, as a network drop would.</summary>
    public Task CutAsync() => _page.EvaluateAsync(
        "() => window.__hubTap.sockets.filter(s => s.readyState === WebSocket.OPEN).forEach(s => s.close(4000, 'cut by test'))");

    [GeneratedRegex("/hubs/room/negotiate")]
    private static partial Regex NegotiatePattern();
}
