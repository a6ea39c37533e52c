// SQL of the referential: certifications, versions, blocks, competences, criteria, and the
// programmes that prepare them.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/referential/model.hpp"
#include "platform/core/permissions.hpp"

namespace trame::referential {

// Old id → new id of the elements a new version copied.
struct Copied {
  std::map<long long, long long> blocks, competences, criteria;
};

class Repository {
 public:
  std::optional<Certification> certification(soci::session& sql, long long id) const;
  // Published certifications, and those of the organisations `managed` covers whatever their status.
  std::vector<Certification> list(soci::session& sql, const ActingFor& managed, long long limit, long long offset,
                                  long long& total) const;
  std::optional<Version> version(soci::session& sql, long long certification_id, long long number) const;
  std::vector<Version> versions(soci::session& sql, long long certification_id) const;
  std::vector<Block> tree(soci::session& sql, long long version_id) const;

  long long insert_certification(soci::session& sql, long long owner_id, long long now, long long by) const;
  long long insert_version(soci::session& sql, const Version& v, long long now) const;
  void update_version(soci::session& sql, const Version& v) const;
  void set_status(soci::session& sql, long long id, const std::string& status, long long now) const;
  void touch(soci::session& sql, long long id, long long now) const;
  // Copies a version's blocks, competences, criteria and module links into a new version number,
  // which becomes the current one.
  Copied copy_version(soci::session& sql, const Version& from, long long new_version_id) const;
  void set_current_version(soci::session& sql, long long id, long long number, long long now) const;

  std::optional<Place> place_of_version(soci::session& sql, long long version_id) const;
  std::optional<Place> place_of_block(soci::session& sql, long long block_id) const;
  std::optional<Place> place_of_competence(soci::session& sql, long long competence_id) const;
  std::optional<Place> place_of_criterion(soci::session& sql, long long criterion_id) const;

  bool block_code_taken(soci::session& sql, long long version_id, const std::string& code, long long except) const;
  long long insert_block(soci::session& sql, const Block& b) const;
  void update_block(soci::session& sql, const Block& b) const;
  void delete_block(soci::session& sql, long long id) const;
  long long insert_competence(soci::session& sql, const Competence& c) const;
  void update_competence(soci::session& sql, long long id, const std::string& title) const;
  void delete_competence(soci::session& sql, long long id) const;
  long long insert_criterion(soci::session& sql, const Criterion& c) const;
  void update_criterion(soci::session& sql, const Criterion& c) const;
  void delete_criterion(soci::session& sql, long long id) const;
  // Moves an element one place up or down among its siblings (false at either end).
  bool move(soci::session& sql, const std::string& table, const std::string& parent_column, long long id,
            bool up) const;

  // ---- Programmes that prepare a certification
  std::vector<PreparedBy> prepared_by(soci::session& sql, long long certification_id) const;
  // The certification a programme prepares (0: none).
  long long prepared_certification(soci::session& sql, long long programme_id) const;
  // Replaces what a programme prepares (certification 0: nothing) and its modules' competences.
  void set_preparation(soci::session& sql, long long programme_id, long long certification_id,
                       const std::vector<std::pair<long long, long long>>& module_competences, long long now) const;
  std::vector<long long> module_ids(soci::session& sql, long long programme_id) const;
  std::vector<Choice> published_choices(soci::session& sql) const;
  // The organisations that may deliver a certification: active certifiers, training organisations and
  // authorities.
  std::vector<Choice> certifiers(soci::session& sql) const;
  // For the demo: ids found by name (0: none).
  long long organisation_named(soci::session& sql, const std::string& name) const;
  long long certification_titled(soci::session& sql, long long owner_id, const std::string& title) const;
  long long programme_titled(soci::session& sql, const std::string& title) const;
};

}  // namespace trame::referential
