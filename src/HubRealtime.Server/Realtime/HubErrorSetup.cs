using Microsoft.AspNetCore.SignalR;

namespace HubRealtime.Server.Realtime;

/// <summary>How the hub answers and records failures (see <see cref="HubErrorFilter"/>).</summary>
internal static class HubErrorSetup
{
    /// <summary>SignalR's dispatcher, which logs every failed invocation at Error with its stack trace.</summary>
    private const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public static WebApplicationBuilder AddHubErrorHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HubRefusals>();
        builder.Services.Configure<JsonHubProtocolOptions>(options => options.PayloadSerializerOptions.Converters.Add(new HubText.Converter()));
        // HubErrorFilter logs hub faults itself (Error) and refusals at Debug; the dispatcher's copy of
        // each would turn every refused call into an Error with a stack trace (issue 8 §1.4).
        builder.Logging.AddFilter(DispatcherCategory, LogLevel.None);
        return builder;
    }
}
