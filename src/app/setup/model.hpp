// A first install: the owner organisation and the first administrator of a fresh database,
// created together by `trame init` or the first-run page (/installation).
#pragma once
#include <optional>
#include <string>

namespace trame::setup {

struct Installation {
  std::string organisation_name;
  std::string organisation_kind;  // one of organisations::kinds()
  std::string commune;            // INSEE code or name of an imported commune; empty: none
  std::string admin_email;
  std::string admin_name;
  // The administrator's password and its confirmation; none: a one-time link to choose it is returned.
  std::optional<std::string> password;
  std::string password_confirm;
};

struct Installed {
  long long organisation_id = 0;
  long long user_id = 0;
  std::string organisation_name;
  std::string commune_name;   // the commune found, if any
  std::string password_link;  // when no password was given
};

}  // namespace trame::setup
