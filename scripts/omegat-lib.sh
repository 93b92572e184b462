# Shared by the OmegaT interoperability scripts (source it, don't run it).

# omegat_project DIR SENTENCE_SEG: an empty de→en OmegaT project in DIR
# (source/, target/, tm/auto/ …) with sentence segmentation true or false.
omegat_project() {
	local project=$1 seg=$2
	mkdir -p "$project"/{source,target,tm/auto,glossary,dictionary,omegat}
	cat >"$project/omegat.project" <<XML
<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>de</source_lang>
    <target_lang>en</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneGermanTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>$seg</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
XML
}

# omegat_console WORK PROJECT LOG: OmegaT translates PROJECT headless
# (console mode, HOME and config under WORK); on failure the end of LOG
# goes to stderr and it returns 1.
omegat_console() {
	local work=$1 project=$2 log=$3
	HOME="$work" omegat --mode=console-translate --config-dir="$work/omegat-config" \
		--disable-project-locking --no-team --quiet "$project" >"$log" 2>&1 || {
		echo "$(basename "$0"): OmegaT failed:" >&2
		tail -20 "$log" >&2
		return 1
	}
}
