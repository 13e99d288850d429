//! A build split into shards (`build --shard I/N`, then `merge`) gives the bytes of one build,
//! for any number of shards; a missing, dead or stale shard stops the merge before it writes.

use crate::common::{mdexport_with_env, write_files};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command};

/// Every run here has the same dates, so that its bytes can be compared with another's.
const DATES: [(&str, &str); 1] = [("SOURCE_DATE_EPOCH", "1767225600")];

/// Runs the binary with the fixed dates; the exit code and standard error.
fn run(args: &[&str]) -> (i32, String) {
    let run = mdexport_with_env(args, &DATES);
    (run.code, run.stderr)
}

/// Starts the binary with the fixed dates and `env`, without waiting for it.
fn start(args: &[&str], env: &[(&str, &str)]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_mdexport"))
        .args(args)
        .envs(DATES.iter().chain(env).copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("mdexport starts")
}

/// Waits for a started run; its standard error, after checking that it exited 0.
fn finish(child: Child) -> String {
    let output = child.wait_with_output().expect("mdexport runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{stderr}");
    stderr
}

/// Every file below `root` but the shards' manifests, by `/`-separated path, with its bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(root).unwrap();
            let path = path.to_string_lossy().replace('\\', "/");
            (path, std::fs::read(e.path()).unwrap())
        })
        .filter(|(path, _)| !path.starts_with(mdexport::shard::MANIFEST_DIR))
        .collect()
}

/// Fails unless the two folders hold the same files with the same bytes, naming those that differ.
fn assert_same_tree(whole: &Path, merged: &Path, what: &str) {
    let (whole, merged) = (tree(whole), tree(merged));
    let differ: Vec<&String> = whole
        .keys()
        .chain(merged.keys())
        .filter(|path| whole.get(*path) != merged.get(*path))
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
    assert!(whole.contains_key("booklet.epub") || whole.contains_key("catalog.csv"));
}

/// `mdexport build INPUT -o OUTPUT ARGS...` as one build, which must exit `code`.
fn build_whole(input: &Path, output: &Path, args: &[&str], code: i32) {
    let mut all = vec!["build", path(input), "-o", path(output), "-q"];
    all.extend(args);
    let (got, stderr) = run(&all);
    assert_eq!(got, code, "{stderr}");
}

/// Runs shards `indexes` of `count` side by side, one thread each.
fn build_shards(input: &Path, output: &Path, indexes: &[usize], count: usize, args: &[&str]) {
    let children: Vec<Child> = indexes
        .iter()
        .map(|index| {
            let shard = format!("{index}/{count}");
            let mut all = vec!["build", path(input), "-o", path(output), "-j", "1"];
            all.extend(["--shard", &shard]);
            all.extend(args);
            start(&all, &[])
        })
        .collect();
    for child in children {
        finish(child);
    }
}

/// `mdexport merge INPUT -o OUTPUT ARGS...`: the exit code and standard error.
fn merge(input: &Path, output: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["merge", path(input), "-o", path(output)];
    all.extend(args);
    run(&all)
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

#[test]
fn any_number_of_shards_merges_to_the_bytes_of_one_build_of_the_seeds() {
    let seeds = crate::common::seeds();
    let whole = tempfile::tempdir().unwrap();
    build_whole(&seeds, whole.path(), &[], 0);
    for count in [1, 2, 4, 7] {
        let out = tempfile::tempdir().unwrap();
        let indexes: Vec<usize> = (0..count).collect();
        build_shards(&seeds, out.path(), &indexes, count, &[]);
        let (code, stderr) = merge(&seeds, out.path(), &[]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stderr.contains(&format!("merged {count} shard(s)")),
            "{stderr}"
        );
        assert_same_tree(whole.path(), out.path(), &format!("{count} shards"));
        // Every handout was typeset by exactly one shard.
        let manifests = tree_of_manifests(out.path());
        assert_eq!(manifests.len(), count);
        let mut documents: Vec<String> = manifests
            .iter()
            .flat_map(|m| m["documents"].as_array().unwrap().clone())
            .map(|d| d.as_str().unwrap().to_string())
            .collect();
        let before = documents.len();
        documents.sort();
        documents.dedup();
        assert_eq!(documents.len(), before, "a document in two shards");
        assert!(documents.len() >= 21, "{documents:?}");
    }
}

/// The manifests in OUTPUT, as JSON.
fn tree_of_manifests(output: &Path) -> Vec<serde_json::Value> {
    let dir = output.join(mdexport::shard::MANIFEST_DIR);
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect()
}

#[test]
fn a_killed_shard_is_named_by_the_merge_and_rerunning_it_gives_the_same_bytes() {
    let seeds = crate::common::seeds();
    let out = tempfile::tempdir().unwrap();
    // Shard 0 of 2 is killed once it has written a handout.
    let mut doomed = start(
        &["build", path(&seeds), "-o", path(out.path()), "-j", "1"]
            .into_iter()
            .chain(["--shard", "0/2"])
            .collect::<Vec<_>>(),
        &[],
    );
    let handouts = out.path().join("handouts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while walkdir::WalkDir::new(&handouts)
        .into_iter()
        .filter_map(Result::ok)
        .all(|e| !e.file_name().to_string_lossy().ends_with(".pdf"))
    {
        assert!(std::time::Instant::now() < deadline, "no handout appeared");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    doomed.kill().unwrap();
    doomed.wait().unwrap();
    // What a kill in the middle of writing a file leaves.
    let leftover = handouts.join(format!("{}killed.tmp", mdexport::output::TEMP_PREFIX));
    std::fs::write(&leftover, b"half a handout").unwrap();

    let (code, stderr) = merge(&seeds, out.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("cannot merge: no shard manifest in OUTPUT"),
        "{stderr}"
    );
    build_shards(&seeds, out.path(), &[1], 2, &[]);
    let (code, stderr) = merge(&seeds, out.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(".mdexport-shards/0-of-2.json: error[shard-missing]")
            && stderr.contains("hint: run `mdexport build INPUT -o OUTPUT --shard 0/2`")
            && stderr.contains("cannot merge 2 shards: missing 0/2; nothing was written"),
        "{stderr}"
    );
    for output in [
        "booklet.epub",
        "catalog.csv",
        "catalog.xlsx",
        ".mdexport-cache.json",
    ] {
        assert!(!out.path().join(output).exists(), "{output} was written");
    }
    // Only the dead shard runs again.
    build_shards(&seeds, out.path(), &[0], 2, &[]);
    let (code, stderr) = merge(&seeds, out.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        !leftover.exists(),
        "the merge removes what the killed shard left"
    );
    let whole = tempfile::tempdir().unwrap();
    build_whole(&seeds, whole.path(), &[], 0);
    assert_same_tree(whole.path(), out.path(), "after rerunning the dead shard");
}

#[test]
fn a_shard_made_from_other_input_or_whose_handout_changed_is_stale() {
    let input = write_files(&[
        ("a.md", "# Alpha\n\nThe first page, with [a link](b.md).\n"),
        ("b.md", "# Beta\n\nThe second page.\n"),
        ("c.md", "# Gamma\n\nThe third page.\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    build_shards(input.path(), out.path(), &[0, 1], 2, &[]);
    std::fs::write(
        input.path().join("b.md"),
        "# Beta\n\nThe second page, changed.\n",
    )
    .unwrap();
    let (code, stderr) = merge(input.path(), out.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("shard 0/2 is stale: it was made from other input or options")
            && stderr.contains("cannot merge 2 shards: stale 0/2, 1/2; nothing was written"),
        "{stderr}"
    );
    assert!(!out.path().join("catalog.csv").exists());
    // Another handout option is other input too; the booklet's and the catalog's options are
    // the merge's own.
    build_shards(input.path(), out.path(), &[0, 1], 2, &[]);
    let (code, stderr) = merge(input.path(), out.path(), &["--page-size", "a4"]);
    assert_eq!(code, 1, "{stderr}");
    let (code, stderr) = merge(
        input.path(),
        out.path(),
        &["--booklet-title", "Pages", "-j", "1"],
    );
    assert_eq!(code, 0, "{stderr}");

    // A handout overwritten after its shard finished: that shard is stale.
    let manifests = tree_of_manifests(out.path());
    let owner = manifests
        .iter()
        .find(|m| !m["files"].as_array().unwrap().is_empty())
        .unwrap();
    let handout = owner["files"][0]["path"].as_str().unwrap();
    std::fs::write(out.path().join(handout), b"%PDF-1.7 not the shard's").unwrap();
    let (code, stderr) = merge(input.path(), out.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    let shard = format!("{}/2", owner["shard"]["index"]);
    assert!(
        stderr.contains(&format!(
            "shard {shard} is stale: {handout} changed after the shard wrote it"
        )),
        "{stderr}"
    );
}

#[test]
fn a_failed_document_is_reported_once_by_the_merge_with_exit_one() {
    let input = write_files(&[
        ("good-1.md", "# Good one\n\nSome text.\n"),
        ("good-2.md", "# Good two\n\nMore text.\n"),
        ("broken.md", "---\ntitle: [unclosed\n---\n\nBody.\n"),
    ]);
    let whole = tempfile::tempdir().unwrap();
    build_whole(input.path(), whole.path(), &[], 1);
    let out = tempfile::tempdir().unwrap();
    // A shard whose document failed still finishes (exit 0), so that the merge runs.
    build_shards(input.path(), out.path(), &[0, 1, 2], 3, &[]);
    let (code, stderr) = merge(input.path(), out.path(), &[]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(stderr.matches("broken.md:2").count(), 1, "{stderr}");
    assert!(stderr.contains("read 3, exported 2, failed 1"), "{stderr}");
    assert_same_tree(whole.path(), out.path(), "with a broken document");
}

#[test]
fn auto_takes_the_index_from_the_scheduler_or_says_what_is_missing() {
    let input = write_files(&[("a.md", "# Alpha\n\nText.\n")]);
    let out = tempfile::tempdir().unwrap();
    let args = [
        "build",
        path(input.path()),
        "-o",
        path(out.path()),
        "--shard",
        "auto/2",
    ];
    // The variables set, the exit code, and what standard error says.
    type Case<'a> = (&'a [(&'a str, &'a str)], i32, &'a str);
    let cases: &[Case] = &[
        (&[], 2, "none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX"),
        (
            &[("AWS_BATCH_JOB_ARRAY_INDEX", "2")],
            2,
            "out of range for 2 shards",
        ),
        (
            &[("SLURM_ARRAY_TASK_ID", "1")],
            0,
            "shard 1/2: read 1, handouts 0 ",
        ),
        (
            &[("AWS_BATCH_JOB_ARRAY_INDEX", "0")],
            0,
            "shard 0/2: read 1, handouts 1 ",
        ),
    ];
    for (env, code, message) in cases {
        let mut vars = vec![
            ("SLURM_ARRAY_TASK_ID", ""),
            ("JOB_COMPLETION_INDEX", ""),
            ("AWS_BATCH_JOB_ARRAY_INDEX", ""),
        ];
        vars.extend(env.iter().copied());
        let run = mdexport_with_env(&args, &vars);
        assert_eq!(run.code, *code, "{env:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{env:?}: {}", run.stderr);
    }
    let (code, stderr) = run(&["build", "--shard", "3/3"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("out of range for 3 shard(s)"), "{stderr}");
}

/// The Kubernetes manifests of `docs/deploy/`, each YAML document as JSON.
fn kubernetes(file: &str) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(Path::new("docs/deploy").join(file)).unwrap();
    serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The one container of a Job's pods: its command line and where the shared volume is mounted.
fn job_command(job: &serde_json::Value, claim: &str) -> (Vec<String>, String) {
    let pod = &job["spec"]["template"]["spec"];
    assert_eq!(pod["restartPolicy"], "Never");
    let container = &pod["containers"][0];
    let words: Vec<String> = container["command"]
        .as_array()
        .unwrap()
        .iter()
        .chain(container["args"].as_array().unwrap())
        .map(|w| w.as_str().unwrap().to_string())
        .collect();
    let mount = &container["volumeMounts"][0];
    let volume = pod["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == mount["name"])
        .expect("the mounted volume");
    assert_eq!(volume["persistentVolumeClaim"]["claimName"], claim);
    (words, mount["mountPath"].as_str().unwrap().to_string())
}

#[test]
fn the_kubernetes_jobs_run_here_side_by_side_give_the_bytes_of_one_build() {
    let shards = kubernetes("kubernetes.yaml");
    let claim = shards
        .iter()
        .find(|d| d["kind"] == "PersistentVolumeClaim")
        .expect("a volume claim");
    assert!(
        claim["spec"]["accessModes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "ReadWriteMany"),
        "the shards share the volume"
    );
    let claim = claim["metadata"]["name"].as_str().unwrap();
    let job = shards.iter().find(|d| d["kind"] == "Job").expect("the Job");
    assert_eq!(job["apiVersion"], "batch/v1");
    assert_eq!(job["spec"]["completionMode"], "Indexed");
    let count = job["spec"]["completions"].as_u64().unwrap() as usize;
    assert_eq!(job["spec"]["parallelism"], job["spec"]["completions"]);
    let (shard_words, mount) = job_command(job, claim);
    let merge_job = kubernetes("kubernetes-merge.yaml");
    assert_eq!(merge_job.len(), 1);
    assert_eq!(merge_job[0]["kind"], "Job");
    let (merge_words, merge_mount) = job_command(&merge_job[0], claim);
    assert_eq!(merge_mount, mount);
    assert_eq!(shard_words[..2], ["mdexport", "build"]);
    assert_eq!(merge_words[..2], ["mdexport", "merge"]);
    let shard_option = shard_words
        .windows(2)
        .find(|w| w[0] == "--shard")
        .map(|w| w[1].clone());
    assert_eq!(shard_option, Some(format!("auto/{count}")));

    // The volume is a folder here, holding a copy of the seeds as INPUT.
    let volume = tempfile::tempdir().unwrap();
    let seeds = crate::common::seeds();
    for entry in walkdir::WalkDir::new(&seeds)
        .into_iter()
        .filter_map(Result::ok)
    {
        let relative = entry.path().strip_prefix(&seeds).unwrap();
        let target = volume.path().join("input").join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    let local = |words: &[String]| -> Vec<String> {
        words[1..]
            .iter()
            .map(|w| match w.strip_prefix(&mount) {
                Some(rest) => format!("{}{rest}", path(volume.path())),
                None => w.clone(),
            })
            .collect()
    };
    let (shard_args, merge_args) = (local(&shard_words), local(&merge_words));
    let shard_args: Vec<&str> = shard_args.iter().map(String::as_str).collect();
    let children: Vec<Child> = (0..count)
        .map(|index| start(&shard_args, &[("JOB_COMPLETION_INDEX", &index.to_string())]))
        .collect();
    for (index, child) in children.into_iter().enumerate() {
        let stderr = finish(child);
        assert!(
            stderr.contains(&format!("shard {index}/{count}:")),
            "{stderr}"
        );
    }
    let merge_args: Vec<&str> = merge_args.iter().map(String::as_str).collect();
    let (code, stderr) = run(&merge_args);
    assert_eq!(code, 0, "{stderr}");
    let output_index = merge_args.iter().position(|a| *a == "-o").unwrap() + 1;
    let whole = tempfile::tempdir().unwrap();
    build_whole(&volume.path().join("input"), whole.path(), &[], 0);
    assert_same_tree(
        whole.path(),
        Path::new(merge_args[output_index]),
        "Kubernetes",
    );
}
