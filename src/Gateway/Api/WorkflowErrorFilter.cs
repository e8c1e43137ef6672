namespace OrleansWorkflows.Gateway.Api;

/// <summary>
/// Turns the client facade's refusals into problem details (400/404/409/410/412) and an unreachable cluster into 503, so
/// endpoints never answer bad input with 500.
/// </summary>
internal sealed class WorkflowErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(context);
        }
        catch (WorkflowClientException refusal)
        {
            return Problems.From(refusal);
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return Problems.Unavailable(ex.Message);
        }
    }
}
