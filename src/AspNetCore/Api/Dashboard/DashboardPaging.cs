namespace OrleansWorkflows.Gateway.Api;

/// <summary>The dashboard's lists page as the API's do: the next page's token in the <c>x-ms-continuation-token</c> header.</summary>
internal static class DashboardPaging
{
    /// <summary>Sets the next page's token on the response; none on the last page.</summary>
    public static void SetNext(HttpContext http, string? token)
    {
        if (token is not null)
        {
            http.Response.Headers[InstanceQueryEndpoints.ContinuationHeader] = token;
        }
    }
}
