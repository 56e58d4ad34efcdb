/* The ceiling of this architecture: a bare libfcgi responder answering the same JSON as
   Lectern's health route, with no routing, no database and no logging. spawn-fcgi forks it. */
#include <fcgiapp.h>
#include <string.h>

int main(void) {
    static const char answer[] =
        "Status: 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: 31\r\n\r\n"
        "{\"status\":\"ok\",\"database\":\"ok\"}";
    FCGX_Request request;
    FCGX_Init();
    FCGX_InitRequest(&request, 0, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(answer, (int)strlen(answer), request.out);
        FCGX_Finish_r(&request);
    }
    return 0;
}
