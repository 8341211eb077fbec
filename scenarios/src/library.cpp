#include "polder/scenarios/library.hpp"

#include <set>
#include <sstream>

#include "polder/scenarios/config_error.hpp"
#include "scenario_internal.hpp"

namespace polder {

namespace fs = std::filesystem;

namespace {

class LibraryLoader {
 public:
  explicit LibraryLoader(const fs::path& file) : file_(file), dir_(fs::absolute(file).lexically_normal().parent_path()) {}

  ScenarioLibrary load() const {
    const toml::table root = detail::parse_toml(detail::read_text_file(file_), file_.string());
    ScenarioLibrary lib;
    lib.file = fs::absolute(file_).lexically_normal();
    for (const auto& [k, v] : root) {
      const std::string key(k.str());
      if (key != "library" && key != "generate")
        fail(key, "unknown key; a library has [library] (name, description, scenarios) and [generate] or [[generate]]");
      (void)v;
    }
    if (const auto* info = root.get_as<toml::table>("library")) {
      only_keys(*info, "library", {"name", "description", "scenarios"});
      lib.name = text(info->get("name"), "library.name");
      if (info->get("description")) lib.description = text(info->get("description"), "library.description");
      if (const auto* list = info->get("scenarios")) {
        const auto* a = list->as_array();
        if (!a) fail("library.scenarios", "must be an array of scenario file paths");
        for (std::size_t k = 0; k < a->size(); ++k) {
          const fs::path p = resolve(text(a->get(k), "library.scenarios[" + std::to_string(k) + "]"));
          Scenario s = load_scenario(p);
          lib.entries.push_back({s.info.name, p, std::move(s)});
        }
      }
    }
    // [generate] once, or [[generate]] per group (e.g. one per river reach with its own levels).
    if (const auto* gen = root.get("generate")) {
      if (gen->is_table()) {
        generate(*gen->as_table(), "generate", lib.entries);
      } else if (gen->is_array_of_tables()) {
        const auto& groups = *gen->as_array();
        for (std::size_t g = 0; g < groups.size(); ++g)
          generate(*groups.get(g)->as_table(), "generate[" + std::to_string(g) + "]", lib.entries);
      } else {
        fail("generate", "must be a table [generate] or tables [[generate]]");
      }
    }
    if (lib.entries.empty()) fail("", "lists no scenario and generates none");
    std::set<std::string> names;
    for (const auto& e : lib.entries) {
      if (!names.insert(e.name).second) fail("", "two scenarios are named '" + e.name + "'; names must be unique");
      // polder batch writes DIR/<name>.h5 beside DIR/index.h5 and DIR/index.csv.
      if (e.name == "index") fail("", "a scenario may not be named 'index' (polder batch writes its index as index.h5)");
    }
    return lib;
  }

 private:
  [[noreturn]] void fail(const std::string& key, const std::string& why) const { throw ConfigError(file_.string(), key, why); }

  fs::path resolve(const std::string& p) const { return fs::path(p).is_absolute() ? fs::path(p) : (dir_ / p).lexically_normal(); }

  std::string text(const toml::node* n, const std::string& key) const {
    if (!n) fail(key, "is required");
    const auto v = n->value<std::string>();
    if (!v || v->empty()) fail(key, "must be a non-empty string");
    return *v;
  }

  void only_keys(const toml::table& t, const std::string& prefix, const std::set<std::string>& known) const {
    for (const auto& [k, v] : t) {
      (void)v;
      if (!known.count(std::string(k.str()))) fail(prefix + "." + std::string(k.str()), "unknown key");
    }
  }

  const toml::array& variants(const toml::table& gen, const std::string& g, const std::string& name) const {
    const auto* a = gen.get_as<toml::array>(name);
    if (!a || a->empty() || !a->is_array_of_tables())
      fail(g + "." + name, "needs at least one [[generate." + name + "]] table");
    return *a;
  }

  // Paths given in the library are relative to the library; the generated scenario is read as if
  // it sat beside its base, so they are made absolute here.
  void absolutise(toml::table& t, const std::string& key) const {
    if (auto* n = t.get(key); n && n->is_string()) {
      const std::string v = **n->as_string();
      t.insert_or_assign(key, resolve(v).string());
    }
  }

  void generate(const toml::table& gen, const std::string& g, std::vector<LibraryEntry>& out) const {
    only_keys(gen, g, {"base", "breach", "outside_level", "parameters"});
    const fs::path base = resolve(text(gen.get("base"), g + ".base"));
    const std::string base_text = detail::read_text_file(base);
    const toml::table base_root = detail::parse_toml(base_text, base.string());
    const auto* base_info = base_root.get_as<toml::table>("scenario");
    const std::string base_name = base_info && base_info->get("name") ? base_info->get("name")->value_or(std::string("scenario"))
                                                                      : std::string("scenario");
    // The base's first breach gives defaults for every generated breach.
    toml::table base_breach;
    if (const auto* b = base_root.get_as<toml::array>("breach"); b && !b->empty() && b->get(0)->is_table())
      base_breach = *b->get(0)->as_table();

    const toml::array& breaches = variants(gen, g, "breach");
    const toml::array& levels = variants(gen, g, "outside_level");
    const auto* params_array = gen.get_as<toml::array>("parameters");
    toml::array params;
    if (params_array && !params_array->empty()) params = *params_array;
    else params.push_back(toml::table{{"name", ""}});

    for (std::size_t b = 0; b < breaches.size(); ++b) {
      const std::string bkey = g + ".breach[" + std::to_string(b) + "]";
      const toml::table& bt = *breaches.get(b)->as_table();
      if (bt.get("outside_level")) fail(bkey + ".outside_level", "is set by [[generate.outside_level]]");
      const std::string bname = text(bt.get("name"), bkey + ".name");
      for (std::size_t l = 0; l < levels.size(); ++l) {
        const std::string lkey = g + ".outside_level[" + std::to_string(l) + "]";
        const toml::table& lt = *levels.get(l)->as_table();
        only_keys(lt, lkey, {"name", "outside_level"});
        const std::string lname = text(lt.get("name"), lkey + ".name");
        if (!lt.get("outside_level")) fail(lkey + ".outside_level", "is required");
        for (std::size_t q = 0; q < params.size(); ++q) {
          const std::string pkey = g + ".parameters[" + std::to_string(q) + "]";
          if (!params.get(q)->is_table()) fail(pkey, "must be a table");
          const toml::table& pt = *params.get(q)->as_table();
          for (const auto& [k, v] : pt) {
            (void)v;
            const std::string kk(k.str());
            if (kk == "x" || kk == "y" || kk == "outside_level")
              fail(pkey + "." + kk, "is set by generate.breach / generate.outside_level, not by parameters");
          }
          const std::string pname = pt.get("name") ? pt.get("name")->value_or(std::string()) : std::string();

          toml::table breach = base_breach;
          for (const auto& [k, v] : pt)
            if (k.str() != "name") breach.insert_or_assign(k, v);
          for (const auto& [k, v] : bt) breach.insert_or_assign(k, v);
          toml::table level = lt;
          absolutise(level, "outside_level");
          breach.insert_or_assign("outside_level", *level.get("outside_level"));
          if (pt.get("width_series")) {
            toml::table tmp = pt;
            absolutise(tmp, "width_series");
            breach.insert_or_assign("width_series", *tmp.get("width_series"));
          }

          toml::table root = base_root;
          toml::array one;
          one.push_back(breach);
          root.insert_or_assign("breach", one);
          const std::string name = base_name + "-" + bname + "-" + lname + (pname.empty() ? "" : "-" + pname);
          toml::table info = base_info ? *base_info : toml::table{};
          info.insert_or_assign("name", name);
          root.insert_or_assign("scenario", info);
          std::ostringstream text_out;
          text_out << "# generated by the scenario library " << fs::absolute(file_).lexically_normal().string() << "\n"
                   << toml::toml_formatter(root) << "\n";
          Scenario s;
          try {
            s = load_scenario_text(text_out.str(), base);
          } catch (const ConfigError& e) {
            fail(bkey, "generated scenario '" + name + "' is invalid: " + e.what());
          }
          out.push_back({name, base, std::move(s)});
        }
      }
    }
  }

  fs::path file_;
  fs::path dir_;
};

}  // namespace

ScenarioLibrary load_library(const std::filesystem::path& file) { return LibraryLoader(file).load(); }

}  // namespace polder
