#ifndef LECTERN_CFASTCGI_SHIM_H
#define LECTERN_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
