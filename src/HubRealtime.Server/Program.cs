using HubRealtime.Server.Hosting;
using HubRealtime.Server.Http;
using HubRealtime.Server.Identity;
using HubRealtime.Server.Realtime;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;

var builder = WebApplication.CreateBuilder(args);

builder.AddHubRealtimeSilo();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemResults.AddFrameworkCode);
builder.Services.AddHubRealtimeApi();
builder.Services.AddHubRealtimeRateLimits();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
// Throw on unbindable requests so that BadRequestExceptionHandler answers them with a coded ProblemDetails.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddSignalR(options =>
{
    // Chosen on purpose: the largest note change (NoteLimits.MaxInsertedCharsPerChange UTF-16 units, at most
    // 3 bytes each in UTF-8) plus its envelope fits; anything larger is refused before it is parsed.
    options.MaximumReceiveMessageSize = HubFrameLimit.Bytes;
    options.EnableDetailedErrors = false;
    // A send waits for its durable commit; letting a connection have several calls in flight lets its
    // sends share a group commit instead of queueing one commit each (docs/benchmarks.md).
    options.MaximumParallelInvocationsPerClient = 8;
    options.AddFilter<HubErrorFilter>();
    options.AddFilter<HubRateLimitFilter>();
}).AddHubRealtimeJsonProtocol();
builder.AddHubErrorHandling();
builder.Services.AddHubRealtimeConnections();
builder.Services.AddHostedService<RoomSeeder>();
builder.AddHubRealtimeAuthentication();
builder.Services.AddHostedService<StartupBanner>();
builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"]);

var app = builder.Build();

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.UseWebSockets();
app.UseMiddleware<HubOriginCheck>();
app.UseHubRealtimeAuthentication();
app.UseMiddleware<DevIdentityMiddleware>();
app.UseRateLimiter();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapRoomEndpoints();
app.MapNoteEndpoints();
app.MapAgencyEndpoints();
app.MapInvitationEndpoints();
app.MapWorkingGroupEndpoints();
app.MapMeetingEndpoints();
app.MapAuditEndpoints();
app.MapWorkspaceEndpoints();
// A connection authenticated by a token ends when the token expires (clients reconnect with a fresh one).
app.MapHub<RoomHub>(RoomHub.Path, options => options.CloseOnAuthenticationExpiration = true);

app.Run();

/// <summary>Entry point type, public for WebApplicationFactory in tests and the benchmark.</summary>
public partial class Program;
