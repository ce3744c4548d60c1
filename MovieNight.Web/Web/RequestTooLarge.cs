using Microsoft.AspNetCore.Http.Features;

namespace MovieNight.Web.Web;

/// <summary>
/// A request over Kestrel's body limit, or a form over the form limits, is the client's doing: it is
/// answered 413 by the status page (not "Something went wrong") and logged by the exception handler.
/// </summary>
public static class RequestTooLarge
{
    public static int StatusCode(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        // FormReader's limits (FormOptions: value count, key and value length) throw this.
        InvalidDataException => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status500InternalServerError,
    };
}
