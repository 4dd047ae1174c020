namespace CloudNet.Errors;

/// <summary>
/// The outermost middleware: every exception, every framework-written problem document and every body-less
/// error status (unknown route, wrong method, unsupported media type) leaves in the family's format, never as
/// an HTML page or a stack trace.
/// </summary>
public sealed class ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        var body = response.Body;
        var capture = ApiFamilies.Of(context) is ApiFamily.History or ApiFamily.Admin ? null : new ProblemDetailsCapture(body, response);
        if (capture is not null) response.Body = capture;
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
            response.Body = body;
            response.Clear();
            await ErrorResponses.WriteAsync(context, error);
            return;
        }
        finally
        {
            response.Body = body;
        }

        if (capture is { HasCaptured: true } && !response.HasStarted)
        {
            response.Headers.ContentLength = null;
            await ErrorResponses.WriteAsync(context, capture.ToApiError());
        }
        else if (response.StatusCode >= 400 && !response.HasStarted && response.ContentLength is null
                 && string.IsNullOrEmpty(response.ContentType))
        {
            await ErrorResponses.WriteAsync(context, ApiError.ForStatus(response.StatusCode));
        }
    }
}
