"""lingua-language-detector on the corpus of benches/language_corpus.py: accuracy per language and
texts per second on one core (Python calls included). Usage: python3 benches/language_lingua.py CSV
"""
import csv, sys, time
from lingua import LanguageDetectorBuilder
rows=list(csv.DictReader(open(sys.argv[1],encoding='utf-8')))
texts=[r['text'] for r in rows]
for name, builder in [("lingua 2.1.1, high accuracy, all languages", LanguageDetectorBuilder.from_all_languages()),
                      ("lingua 2.1.1, low accuracy, all languages", LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode())]:
    d=builder.with_preloaded_language_models().build()
    d.detect_language_of("warm up")
    t=time.perf_counter()
    out=[d.detect_language_of(x) for x in texts]
    el=time.perf_counter()-t
    per={}
    for r,g in zip(rows,out):
        code=g.iso_code_639_3.name.lower() if g else ""
        ok,n=per.get(r['lang'],(0,0)); per[r['lang']]=(ok+(code==r['lang']),n+1)
    acc=sum(v[0] for v in per.values())/len(rows)
    print(name, f"accuracy {acc:.3f}", {k:round(v[0]/v[1],3) for k,v in sorted(per.items())}, f"{len(rows)/el:.0f} texts/s one core", flush=True)
