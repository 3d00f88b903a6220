#ifndef SOLUSI_SQLITE_PROCESS_H
#define SOLUSI_SQLITE_PROCESS_H

/// Turns off SQLite's count of the memory it allocates, for the whole process. Counting takes a
/// process-wide lock at every allocation and free. Only takes effect before SQLite's first use
/// in the process; returns SQLite's result code (SQLITE_MISUSE when it came too late).
int solusi_sqlite_stop_counting_memory(void);

#endif
