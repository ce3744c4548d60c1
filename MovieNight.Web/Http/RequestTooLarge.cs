using Microsoft.AspNetCore.Http.Features;

namespace MovieNight.Web.Http;

/// <summary>
/// A form over the limits (Kestrel's body size, FormOptions' value count and lengths) is the client's
/// doing: it gets the 413 status page and a log line, instead of surfacing later as a failed
/// antiforgery check (400) or an unexpected error.
/// </summary>
public static class RequestTooLarge
{
    /// <summary>Reads a posted form up front, as model binding and antiforgery would anyway (it is cached), so its limits fail here.</summary>
    public static IApplicationBuilder UseFormLimits(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestTooLarge));
        return app.Use(async (context, next) =>
        {
            if (context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
                {
                    logger.LogWarning("Refused a too-large form posted to {Path}: {Reason}", context.Request.Path, e.Message);
                    // The status page is re-executed with the same method; it must not read the body again.
                    context.Features.Set<IFormFeature>(new FormFeature(FormCollection.Empty));
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
            }
            await next(context);
        });
    }

    /// <summary>For the exception handler: a request the server refused as malformed or too large keeps its status.</summary>
    public static int StatusCode(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };
}
