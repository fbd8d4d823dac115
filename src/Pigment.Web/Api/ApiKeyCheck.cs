using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pigment.Web.Api;

/// <summary>
/// When the server has an API key, every request needs it: the <c>X-Api-Key</c> header, <c>Authorization: Bearer
/// KEY</c>, or the cookie the page gets by being opened once as <c>/?key=KEY</c>. Compared in constant time.
/// </summary>
public sealed class ApiKeyCheck(RequestDelegate next, ServerOptions options)
{
    public const string Cookie = "pigment_key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (options.ApiKey is not { } key)
        {
            await next(context);
            return;
        }
        var request = context.Request;
        if (request.Path == "/" && request.Query.TryGetValue("key", out var given) && Matches(given.ToString(), key))
        {
            context.Response.Cookies.Append(Cookie, key, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
            context.Response.Redirect("/");
            return;
        }
        var offered = request.Headers["X-Api-Key"].ToString();
        if (offered.Length == 0 && request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            offered = auth["Bearer ".Length..].Trim();
        if (offered.Length == 0 && request.Cookies.TryGetValue(Cookie, out var cookie))
            offered = cookie ?? "";
        if (!Matches(offered, key))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await ApiErrors.Write(context, StatusCodes.Status401Unauthorized,
                "This server needs its API key: the X-Api-Key header or Authorization: Bearer KEY (open the page once as /?key=KEY).");
            return;
        }
        await next(context);
    }

    private static bool Matches(string offered, string key) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(offered)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
