#include <sqlite3.h>

#include "SQLiteProcess.h"

// sqlite3_config is variadic, which Swift cannot call: hence this file.
int solusi_sqlite_stop_counting_memory(void) { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }
