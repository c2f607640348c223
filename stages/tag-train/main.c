//  depeche-tag-train — trains the tagger's model (stages/tag/train.c) from
//  CoNLL files (token<TAB>BIO-tag); deterministic for a given seed.
#include "depeche/dp_log.h"
#include "tag/tagm.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *s_usage =
"usage: depeche-tag-train [OPTIONS] TRAIN.bio[.gz]...\n"
"Trains data/model/tag.model (averaged perceptron, Viterbi BIO decoding).\n\n"
"      --dev FILE        hand-annotated CoNLL file, trained on (all of it,\n"
"                        or all but the --fold held out)\n"
"      --fold K/N        holds out fold K (0..N-1) of the dev file: blocks of\n"
"                        10 sentences, block b in fold b mod N; scored every\n"
"                        epoch, never trained on (cross-validation)\n"
"      --fold-map FILE   the fold of each dev sentence instead, one number\n"
"                        (0..N-1) a line, in sentence order\n"
"      --dev-repeat N    times per epoch the dev training part is seen (2)\n"
"      --lexicon FILE    word classes (scripts/build-lexicon), kept in the model\n"
"      --epochs N        passes over the data (10)\n"
"      --seed N          shuffle seed (1)\n"
"      --runs K          trains K runs, shuffled by seeds N..N+K-1, and\n"
"                        averages their weights into one model of the same\n"
"                        size (1): K times the training time\n"
"      --bits N          log2 of the weight table rows (20)\n"
"      --clusters K      French: K word clusters (2-255) learnt from the\n"
"                        text trained on, kept in the model (0: none)\n"
"      --date TEXT       date written in the model header (unset)\n"
"      --data DIR        folder with gazetteer/*.tsv (default: bundled)\n"
"      --lang CODE       the language's tagger cuts and reads the words (fr)\n"
"  -o, --out FILE        model to write (data/model/tag.model)\n";

int
main (int argc, char **argv)
{
    dp_log_init ("depeche-tag-train");
    dp_tagm_train_cfg_t cfg = {
        .dev_repeat = 2, .epochs = 10, .seed = 1, .bits = 20, .runs = 1,
        .out = "data/model/tag.model"
    };
    static const struct option opts [] = {
        { "dev", required_argument, NULL, 'D' },
        { "dev-repeat", required_argument, NULL, 'R' },
        { "fold", required_argument, NULL, 'F' },
        { "fold-map", required_argument, NULL, 'M' },
        { "lexicon", required_argument, NULL, 'L' },
        { "epochs", required_argument, NULL, 'e' },
        { "seed", required_argument, NULL, 's' },
        { "runs", required_argument, NULL, 'r' },
        { "bits", required_argument, NULL, 'b' },
        { "clusters", required_argument, NULL, 'C' },
        { "date", required_argument, NULL, 'd' },
        { "data", required_argument, NULL, 'a' },
        { "lang", required_argument, NULL, 'g' },
        { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    while ((c = getopt_long (argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
            case 'D': cfg.dev = optarg; break;
            case 'F':
                if (sscanf (optarg, "%u/%u", &cfg.fold, &cfg.folds) != 2
                ||  cfg.folds < 2 || cfg.fold >= cfg.folds) {
                    fprintf (stderr, "depeche-tag-train: --fold %s: want K/N, "
                             "0 <= K < N, N >= 2\n", optarg);
                    return 2;
                }
                break;
            case 'M': cfg.fold_map = optarg; break;
            case 'L': cfg.lexicon = optarg; break;
            case 'R': cfg.dev_repeat = (unsigned) strtoul (optarg, NULL, 10); break;
            case 'e': cfg.epochs = (unsigned) strtoul (optarg, NULL, 10); break;
            case 's': cfg.seed = strtoull (optarg, NULL, 10); break;
            case 'r': cfg.runs = (unsigned) strtoul (optarg, NULL, 10); break;
            case 'b': cfg.bits = (uint32_t) strtoul (optarg, NULL, 10); break;
            case 'C': cfg.clusters = (unsigned) strtoul (optarg, NULL, 10); break;
            case 'd': cfg.date = optarg; break;
            case 'a': cfg.datadir = optarg; break;
            case 'g': cfg.lang = optarg; break;
            case 'o': cfg.out = optarg; break;
            case 'h': fputs (s_usage, stdout); return 0;
            default: fputs (s_usage, stderr); return 2;
        }
    }
    if (cfg.fold_map && !cfg.folds) {
        fprintf (stderr, "depeche-tag-train: --fold-map needs --fold K/N\n");
        return 2;
    }
    if (optind >= argc || cfg.bits < 8 || cfg.bits > 24 || cfg.epochs == 0
    ||  cfg.clusters == 1 || cfg.clusters > 255
    ||  cfg.runs == 0 || cfg.runs > 64) {
        fputs (s_usage, stderr);
        return 2;
    }
    cfg.train = (const char *const *) (argv + optind);
    cfg.n_train = (size_t) (argc - optind);
    return dp_tagm_train (&cfg) ? 1 : 0;
}
