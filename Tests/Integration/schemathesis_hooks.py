"""schemathesis hooks for test_schemathesis.py.

One known failure is left out, exactly: an undeclared TRACE is answered by nginx itself with
its HTML 405 and no `Allow` header (nginx's routing, not the application's; the application's
own 405s are JSON and carry `Allow`). Moving nginx's routing into nginx/lectern-routes.conf with
JSON errors and `Allow` on 405 is another change's work; drop this hook once it has landed."""
import schemathesis


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but nginx's own 405 to TRACE."""
    request = response.request
    from_nginx = "<center>nginx</center>" in (response.text or "")
    return not (request.method == "TRACE" and response.status_code == 405 and from_nginx)
