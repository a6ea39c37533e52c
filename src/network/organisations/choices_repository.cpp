#include "network/organisations/choices_repository.hpp"

namespace trame::organisations {

std::vector<std::pair<long long, std::string>> active_choices(soci::session& sql) {
  long long id = 0;
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.status = 'active' ORDER BY lower(o.name), o.id",
       soci::into(id), soci::into(name));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

}  // namespace trame::organisations
