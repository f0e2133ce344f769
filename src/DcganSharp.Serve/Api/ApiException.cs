using Microsoft.AspNetCore.Http;

namespace DcganSharp.Serve.Api;

/// <summary>A request the API refuses, with the status code and the one-line message the client gets as {"error": ...}.</summary>
internal sealed class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);
}
