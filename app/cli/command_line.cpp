#include "command_line.hpp"

#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "comparison.hpp"
#include "failure.hpp"
#include "scenario_library.hpp"
#include "version.hpp"

namespace flowscope::cli {

namespace {

// Runs the subcommand when it was the one given; -1 when it was not.
using Command = std::function<int()>;

std::string commaList(const std::vector<std::string>& names) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return list;
}

void addScenarioOptions(CLI::App& command, ScenarioOptions& o) {
    command.add_option("scenario", o.scenario, "Scenario: a preset name (" + commaList(presetNames()) + ") or a JSON file")
        ->required();
    command.add_option("--steps", o.steps, "Number of steps (overrides run.steps)")->type_name("INT");
    command.add_option("--set", o.settings, "Override a scenario key, e.g. --set particles.count=500 (repeatable)")
        ->type_name("KEY=VALUE");
    command.add_option("--truth", o.truth,
                       "Take the ground truth from this CSV (header w,theta0,...: the truth.csv a run writes) "
                       "instead of drawing it; the same as --set truth.given=FILE")
        ->type_name("FILE");
}

// --checkpoint FILE [--checkpoint-every N]; the second option, whose presence the request records.
CLI::Option* addCheckpointOptions(CLI::App& command, CheckpointOptions& o) {
    auto* file = command.add_option("--checkpoint", o.path,
                                    "Save the run's complete state to this file as it goes and at the end "
                                    "(resume it with: flowscope-cli resume FILE; the history goes to FILE.history); "
                                    "Ctrl-C then stops on the last complete step and saves it");
    return command
        .add_option("--checkpoint-every", o.every,
                    "Steps between checkpoints (default: every 1000 steps, at most one a second)")
        ->check(CLI::Range(1LL, 1000000000000LL))
        ->needs(file);
}

void addOut(CLI::App& command, std::string& out, const std::string& description) {
    command.add_option("--out", out, description)->required();
}

void addQuiet(CLI::App& command, bool& quiet, const std::string& description = "Print nothing but errors") {
    command.add_flag("--quiet,-q", quiet, description);
}

// The subcommand's request, filled by the parser; `carryOut` runs it once parsed.
template <class Request>
Command whenGiven(CLI::App* command, std::shared_ptr<Request> request, int (*carryOut)(const Request&),
                  std::function<void(Request&)> afterParse = nullptr) {
    return [=]() -> int {
        if (!command->parsed()) return -1;
        if (afterParse) afterParse(*request);
        return carryOut(*request);
    };
}

Command addRun(CLI::App& app) {
    auto r = std::make_shared<RunRequest>();
    CLI::App* run = app.add_subcommand("run", "Run a scenario and write history.csv, particles.csv, truth.csv and "
                                              "scenario.json to the output folder");
    addScenarioOptions(*run, r->scenario);
    run->add_option("--init", r->init, "Start from the particles of this CSV (header w,theta0,...)");
    addOut(*run, r->out, "Output folder (created, or replaced whole when the run ends; kept as it was if the run fails)");
    run->add_option("--trajectory-every", r->trajectoryEvery,
                    "Also write trajectories.csv: every particle every K steps (for trajectory figures)")
        ->check(CLI::Range(1, 1000000000));
    CLI::Option* every = addCheckpointOptions(*run, r->checkpoint);
    addQuiet(*run, r->quiet);
    run->add_flag("--dry-run", r->dryRun,
                  "Check the scenario and the output folder, print what the run needs (memory, rough time) "
                  "and stop before the first step");
    return whenGiven<RunRequest>(run, r, runCommand, [every](RunRequest& q) { q.checkpoint.everyGiven = every->count() > 0; });
}

Command addEval(CLI::App& app) {
    auto r = std::make_shared<EvalRequest>();
    CLI::App* eval = app.add_subcommand(
        "eval", "Print the objective, then every particle with its velocity -grad g (the gradient flow's, "
                "whatever the scenario's dynamics) as CSV w,theta0,...,dw,dtheta0,...");
    addScenarioOptions(*eval, r->scenario);
    eval->add_option("--particles", r->particles, "Evaluate these particles (CSV) instead of the initial ones");
    return whenGiven<EvalRequest>(eval, r, evalCommand);
}

// The scenario format's reference table, generated from the same table that reads and
// validates scenarios, so the documentation cannot drift from the code.
Command addKeys(CLI::App& app) {
    CLI::App* keys = app.add_subcommand("keys", "Print every scenario key with its type, default, valid range and "
                                                "meaning, as a Markdown table");
    return [keys]() -> int { return keys->parsed() ? keysCommand() : -1; };
}

Command addSweep(CLI::App& app) {
    auto r = std::make_shared<SweepRequest>();
    CLI::App* sweep = app.add_subcommand(
        "sweep", "Run a scenario over a grid of key values and seeds, in parallel; rows are appended to "
                 "OUT/results.csv as runs finish, and rerunning the same command resumes an interrupted sweep");
    addScenarioOptions(*sweep, r->scenario);
    sweep->add_option("--grid", r->grid,
                      "A key and its values: KEY=V1,V2,... or KEY=log:LO:HI:N (repeatable; cells are all combinations)")
        ->type_name("KEY=VALUES");
    sweep->add_option("--seeds", r->seeds, "Seeds per grid point (run.seed = first seed, +1, ...)")
        ->check(CLI::Range(1, 1000000));
    sweep->add_option("--first-seed", r->firstSeed, "The first seed");
    addOut(*sweep, r->out, "Output folder");
    sweep->add_option("--shard", r->shard, "Run only part I of N disjoint parts (their results concatenate)")
        ->type_name("I/N");
    CLI::Option* jobs = sweep->add_option("--jobs,-j", r->jobs,
                                          "Runs in parallel (default: all cores; under MPI each rank runs one at a time)")
                            ->check(CLI::Range(1, 1024));
    addQuiet(*sweep, r->quiet, "No progress bar");
    return whenGiven<SweepRequest>(sweep, r, sweepCommand, [jobs](SweepRequest& q) { q.jobsGiven = jobs->count() > 0; });
}

Command addResume(CLI::App& app) {
    auto r = std::make_shared<ResumeRequest>();
    CLI::App* resume = app.add_subcommand(
        "resume", "Continue a run from a checkpoint (written by run --checkpoint) and write its output folder");
    resume->add_option("checkpoint", r->from, "The checkpoint file")->required();
    resume->add_option("--steps", r->steps, "Steps to take from the checkpoint (default: up to the run's run.steps)");
    addOut(*resume, r->out, "Output folder (created, or replaced whole when the run ends)");
    CLI::Option* every = addCheckpointOptions(*resume, r->checkpoint);
    addQuiet(*resume, r->quiet);
    return whenGiven<ResumeRequest>(resume, r, resumeCommand,
                                    [every](ResumeRequest& q) { q.checkpoint.everyGiven = every->count() > 0; });
}

// Plays a lesson as the window would, without one, and prints each step's claims with the
// values measured: how a teacher checks a lesson they wrote before taking it to class.
Command addLesson(CLI::App& app) {
    auto r = std::make_shared<LessonRequest>();
    CLI::App* lesson = app.add_subcommand(
        "lesson", "Play a guided lesson without a window and check what each step claims (exit 3 if a claim fails)");
    lesson->add_option("lesson", r->lesson, "A lesson's name (see --list) or a lesson JSON file");
    lesson->add_flag("--list", r->list, "List the lessons and exit");
    return whenGiven<LessonRequest>(lesson, r, lessonCommand);
}

Command addCompare(CLI::App& app) {
    auto r = std::make_shared<CompareRequest>();
    CLI::App* compare = app.add_subcommand(
        "compare", "Run 2 to 4 variants of one scenario side by side on the same flow time: a built-in comparison (" +
                       commaList(comparisonNames()) +
                       "), a comparison file, or a scenario with --vary; writes one folder per run and a combined "
                       "history.csv with a variant column");
    compare->add_option("comparison", r->name, "A comparison (name or file), or with --vary a scenario (preset or file)")
        ->required();
    compare->add_option("--vary", r->vary, "The runs: one per value of a scenario key, e.g. --vary particles.count=3,100 "
                                           "(repeatable: the keys' values are zipped)")
        ->type_name("KEY=V1,V2,...");
    compare->add_option("--set", r->settings, "Override a scenario key in every run (repeatable)")->type_name("KEY=VALUE");
    compare->add_option("--time", r->time, "Flow time of every run (each takes its own number of steps)")->type_name("T");
    addOut(*compare, r->out, "Output folder (created, or replaced whole when the runs end)");
    addQuiet(*compare, r->quiet);
    return whenGiven<CompareRequest>(compare, r, compareCommand);
}

Command addMerge(CLI::App& app) {
    auto r = std::make_shared<MergeRequest>();
    CLI::App* merge = app.add_subcommand(
        "merge", "Union the results of one sweep's shards (the output folders of sweep --shard I/N) into one "
                 "sweep folder; shards of different sweeps are refused");
    merge->add_option("shards", r->folders, "The shards' output folders")->required()->type_name("DIR");
    addOut(*merge, r->out, "The merged sweep folder (created; rows already there are kept)");
    addQuiet(*merge, r->quiet, "No summary line");
    return whenGiven<MergeRequest>(merge, r, mergeCommand);
}

}  // namespace

int runCommandLine(int argc, char** argv) {
    // Named here, not from argv[0]: the usage lines (and the man page made from them) read
    // the same wherever the program was started from.
    CLI::App app{"flowscope-cli: mean-field particle gradient flows (Chizat & Bach 2018), headless", "flowscope-cli"};
    app.set_version_flag("--version", versionLine("flowscope-cli"), "Print the version and exit");
    app.set_help_all_flag("--help-all", "Print this help message, then every subcommand's, and exit");
    // Exit status before Environment: help2man files an untitled heading under the section before it.
    app.footer("Exit status:\n"
               "  0    done\n"
               "  2    bad input: a one-line message names the file, key or line\n"
               "  3    a run diverged (its last finite state is kept)\n"
               "  4    the environment failed: disk, memory, permissions, a folder in use\n"
               "  130  interrupted (Ctrl-C or SIGTERM; the folder holds the last complete step)\n"
               "\n"
               "Environment:\n"
               "  FLOWSCOPE_ASSETS  the folder of scenarios/ (presets); default: share/flowscope/assets beside the\n"
               "                    program's bin/ folder, else the source tree's assets/");
    app.require_subcommand(1);
    const std::vector<Command> commands = {addRun(app),    addEval(app),   addKeys(app),    addSweep(app),
                                           addResume(app), addLesson(app), addCompare(app), addMerge(app)};
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "flowscope-cli: " << e.what() << " (see --help)\n";
        return 2;
    }
    try {
        for (const auto& command : commands)
            if (const int code = command(); code >= 0) return code;
    } catch (...) {
        return reportFailure(std::current_exception());
    }
    return 2;
}

}  // namespace flowscope::cli
