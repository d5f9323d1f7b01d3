//! Sentence vectors survive between imports: importing a stream in two runs gives the same stories and the
//! same saved story vectors as importing it in one, through real SQLite stores in temp dirs and the installed
//! model. Skips with a message without the `embeddings` feature or without the model.

#[cfg(feature = "embeddings")]
#[tokio::test]
async fn story_vectors_are_saved_and_restored_between_imports() {
    use newsdesk_pipeline::{ImportOptions, NoProgress, enable_embeddings, import_paths};
    use newsdesk_store::Store;
    use std::path::{Path, PathBuf};

    if newsdesk_embed::find_model_dir().is_none() {
        eprintln!("skipping: no embedding model (scripts/install-model.sh installs it)");
        return;
    }
    enable_embeddings();
    let corpus = tempfile::tempdir().expect("tempdir");
    let events = [
        (
            "Harbour",
            "The harbour authority closed the northern pier after a crane collapsed onto a cargo ship.",
        ),
        (
            "Election",
            "Voters in the coastal district elected a new mayor after a tight race decided by 300 votes.",
        ),
        (
            "Drought",
            "Farmers asked for emergency aid as the drought left reservoirs at a tenth of their capacity.",
        ),
    ];
    // Three events, four reports each, a day apart: reports 0-1 of each go in the first file, 2-3 in the
    // second, so the second import must extend stories that the first one saved.
    let (mut early, mut late) = (String::new(), String::new());
    for (e, (name, lead)) in events.iter().enumerate() {
        for k in 0..4 {
            let line = serde_json::json!({
                "url": format!("https://example.test/{e}/{k}"),
                "title": format!("{name} report {k}: {lead}"),
                "text": format!("{lead} Officials said more details would follow. Report number {k} of {name}."),
                "published": format!("2026-03-{:02}T{:02}:00:00Z", 2 + k, 8 + e),
                "source": format!("Outlet {k}"),
            });
            let file = if k < 2 { &mut early } else { &mut late };
            file.push_str(&line.to_string());
            file.push('\n');
        }
    }
    let early_path = corpus.path().join("early.jsonl");
    let late_path = corpus.path().join("late.jsonl");
    std::fs::write(&early_path, early).expect("write");
    std::fs::write(&late_path, late).expect("write");

    async fn import(dir: &Path, runs: &[Vec<PathBuf>]) -> Store {
        let store = Store::open(dir).await.expect("open store");
        let options = ImportOptions { now: chrono::Utc::now(), ..ImportOptions::default() };
        for paths in runs {
            import_paths(&store, paths, &options, &NoProgress).await.expect("import");
        }
        store
    }
    let epoch = chrono::DateTime::from_timestamp(0, 0).expect("epoch");
    let two = tempfile::tempdir().expect("tempdir");
    let two_runs = import(two.path(), &[vec![early_path.clone()], vec![late_path.clone()]]).await;
    let one = tempfile::tempdir().expect("tempdir");
    let one_run = import(one.path(), &[vec![early_path, late_path]]).await;
    let state = |s: Store| async move {
        let state = s.cluster_state(epoch).await.expect("state");
        let mut stories: Vec<(String, u32)> =
            state.stories.iter().map(|p| (p.id.0.clone(), p.size)).collect();
        stories.sort();
        let mut vectors: Vec<(String, Vec<f32>)> =
            state.vectors.into_iter().map(|(id, v)| (id.0, v)).collect();
        vectors.sort_by(|a, b| a.0.cmp(&b.0));
        s.close().await;
        (stories, vectors)
    };
    let (stories_two, vectors_two) = state(two_runs).await;
    let (stories_one, vectors_one) = state(one_run).await;
    assert_eq!(stories_two, stories_one, "two imports clustered differently from one");
    assert_eq!(stories_one.len(), events.len(), "{stories_one:?}");
    assert_eq!(vectors_one.len(), stories_one.len(), "every story has a saved vector");
    assert!(vectors_one.iter().all(|(_, v)| v.len() == newsdesk_embed::DIM));
    assert!(vectors_two == vectors_one, "the story vectors differ after a resumed import");
}

#[cfg(not(feature = "embeddings"))]
#[test]
fn story_vectors_are_saved_and_restored_between_imports() {
    eprintln!("skipping: built without the `embeddings` feature");
}
