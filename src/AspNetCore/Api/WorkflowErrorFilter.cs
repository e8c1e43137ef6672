using System.Globalization;
using Microsoft.Extensions.Options;

namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Turns the client facade's refusals into problem details (400/404/409/410/412) and a cluster still unreachable when
/// the retry deadline (<see cref="WorkflowEndpointsOptions.RetryDeadline"/>) has passed into 503 with <c>Retry-After</c>, so
/// endpoints never answer bad input or a failover with 500.
/// </summary>
internal sealed class WorkflowErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (WorkflowClientException refusal)
        {
            return Problems.From(refusal);
        }
        catch (BadHttpRequestException badRequest)
        {
            // The client's own broken or slow request (an IOException too): never a cluster error.
            return Problems.BadBody(badRequest);
        }
        catch (Exception ex) when (WorkflowClient.IsTransient(ex) || ex is OrleansException)
        {
            var http = context.HttpContext;
            var options = http.RequestServices.GetRequiredService<IOptions<WorkflowEndpointsOptions>>().Value;
            http.Response.Headers.RetryAfter = options.UnavailableRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Unavailable(
                $"The workflow cluster could not be reached within {options.RetryDeadline.TotalSeconds:0.#} s ({ex.GetType().Name}: {ex.Message}). Retry later.");
        }
    }
}
