namespace Pigment.Web.Api;

/// <summary>A request body over the server's limit (HTTP 413).</summary>
public sealed class BodyTooLargeException(long limit) : Exception($"The request body is larger than the {limit / (1 << 20)} MB this server accepts.");
