// The commands of `trame`, one function each; main.cpp parses the command line and calls them.
// Each returns the process's exit status: 0 done, 1 failed, 2 refused (bad input, nothing changed).
#pragma once

#include <string>
#include <vector>

namespace trame::app {

// Logs (and the access log) go to standard error, buffered; standard output is for command results.
void setup_logging();

int cmd_serve(const std::string& config_file, const std::string& listen, const std::string& database, bool with_demo);
int cmd_migrate(const std::string& config_file, const std::string& database);
int cmd_demo(const std::string& config_file, const std::string& database);

// `trame init`: the owner organisation and the first administrator of a database with no account.
// A value not given as an option is asked on a terminal; without a terminal, it is an error.
struct InitOptions {
  std::string organisation, kind, commune, email, name;
  bool password_stdin = false;
};
int cmd_init(const std::string& config_file, const std::string& database, InitOptions options);

// `trame user add`: the password is read from standard input.
struct UserAddOptions {
  std::string email, name, role;
  long long organisation = 0;  // 0: the first organisation
  long long delegation = 0;    // a coordinator limited to one délégation
  bool password_stdin = false;
};
int cmd_user_add(const std::string& config_file, const std::string& database, UserAddOptions options);

int cmd_import_territory(const std::string& config_file, const std::string& database, const std::string& departement,
                         const std::string& source);
int cmd_import_qpv(const std::string& config_file, const std::string& database, const std::string& qpv_file);
// `trame import pages DIR`: the former site's page files (docs/website.md, « Importing pages »), all or
// none; with `check_only`, the folder is read and checked and nothing is written.
int cmd_import_pages(const std::string& config_file, const std::string& database, const std::string& dir,
                     bool check_only);
int cmd_backup(const std::string& config_file, const std::string& database, const std::string& file);
int cmd_restore(const std::string& config_file, const std::string& database, const std::string& file, bool force);
int cmd_audit_verify(const std::string& config_file, const std::string& database, const std::string& head_file,
                     const std::string& expect_head, const std::string& write_head,
                     const std::vector<std::string>& old_key_files);
int cmd_keys_rotate(const std::string& config_file, const std::string& database,
                    const std::vector<std::string>& old_key_files);
// Lists every route with its method and permission (an in-memory database, nothing served).
int cmd_routes(const std::string& config_file);
int cmd_run_due(const std::string& config_file, const std::string& database, long long jobs_now);
// Issue 21: the yearly activity report (PDF and XLSX) of an organisation; 2 when refused, nothing written.
int cmd_report_yearly(const std::string& config_file, const std::string& database, long long organisation,
                      long long year, const std::string& output);
int cmd_check(const std::string& config_file);

// `trame generate --size national|departement [--seed N]` (docs/generate.md): loads the demo if absent,
// then the generated dataset; 2 when refused (nothing changed).
struct GenerateOptions {
  std::string size;
  long long seed = 1;
  double scale = 1.0;  // hidden: tests generate a fraction of the size
  long long now = 0;   // hidden: the reference day (seconds; 0: today)
};
int cmd_generate(const std::string& config_file, const std::string& database, const GenerateOptions& options);

// Issue 23: the retention rules now, or (dry_run) what they would do.
int cmd_retention(const std::string& config_file, const std::string& database, bool dry_run);

}  // namespace trame::app
