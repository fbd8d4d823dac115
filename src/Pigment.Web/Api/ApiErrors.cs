using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pigment.Core;
using Pigment.Web.Jobs;

namespace Pigment.Web.Api;

/// <summary>
/// Turns what went wrong into one clear JSON answer, <c>{"error": …, "detail": …}</c> (the shape A1111's API uses):
/// bad input 400, too large 413, a full queue 429 with Retry-After, anything unexpected 500 (logged, no stack trace
/// to the client).
/// </summary>
public sealed class ApiErrors(RequestDelegate next, ILogger<ApiErrors> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            var (status, message) = e switch
            {
                PigmentException p => (StatusCodes.Status400BadRequest, p.Message),
                QueueFullException q => (StatusCodes.Status429TooManyRequests, q.Message),
                BodyTooLargeException b => (StatusCodes.Status413PayloadTooLarge, b.Message),
                BadHttpRequestException b => (b.StatusCode, b.Message),
                JsonException j => (StatusCodes.Status400BadRequest, JsonBody.Describe(j)),
                _ => (StatusCodes.Status500InternalServerError, "internal error: " + e.Message),
            };
            if (status == StatusCodes.Status500InternalServerError)
                log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
            if (status == StatusCodes.Status429TooManyRequests)
                context.Response.Headers.RetryAfter = "10";
            await Write(context, status, message);
        }
    }

    public static Task Write(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = ReasonOf(status), detail = message });
    }

    private static string ReasonOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
}
