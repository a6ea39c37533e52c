// The audit log's rules: how an entry is chained, how the chain is verified.
#pragma once
#include <string>

#include "audit/model.hpp"
#include "audit/repository.hpp"
#include "core/outcome.hpp"
#include "store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::audit {

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  // Appends inside the caller's transaction (so the entry commits with the action).
  void record(soci::session& sql, Entry entry);
  // Appends in a transaction of its own.
  void record(Entry entry);
  void record(soci::session& sql, const Actor& actor, const std::string& action, const std::string& subject,
              const std::string& detail = {});
  void record(const Actor& actor, const std::string& action, const std::string& subject,
              const std::string& detail = {});
  VerifyResult verify();
  std::vector<Entry> page(long long page, long long per_page, const std::string& action_prefix, long long& total);

  static std::string chain_hash(const Entry& entry);

 private:
  store::Database& db_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::audit
