namespace CloudNet.Errors;

/// <summary>
/// The outermost middleware: every exception, every framework-written problem document and every body-less
/// error status (unknown route, wrong method, unsupported media type) leaves in the family's format, never as
/// an HTML page or a stack trace. The framework's problem documents are written in the family's format by
/// <see cref="FamilyProblemDetails"/> as they are written, so a response's body is never held back: a success
/// goes out through the server's own response pipe.
/// </summary>
public sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var (error, isFault) = ExceptionTranslation.Translate(ex);
            if (isFault)
                logger.LogError(ex, "Unhandled error in {Method} {Path}", context.Request.Method, context.Request.Path);
            else
                logger.LogInformation("{Method} {Path} answered {Status}: {Message}", context.Request.Method,
                    context.Request.Path, error.Status, error.Message);
            response.Clear();
            await ErrorResponses.WriteAsync(context, error);
            return;
        }

        if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null
            && string.IsNullOrEmpty(response.ContentType))
        {
            await ErrorResponses.WriteAsync(context, ApiError.ForStatus(response.StatusCode));
        }
    }
}
