/* rules_data.S - the analysis rules of data/rules (JSON), compiled into the library. */
    .section .rodata
    .global ov__control_rules_json
    .hidden ov__control_rules_json
ov__control_rules_json:
    .incbin OV_CONTROL_RULES_PATH
    .byte 0
    .global ov__typology_json
    .hidden ov__typology_json
ov__typology_json:
    .incbin OV_TYPOLOGY_PATH
    .byte 0
    .global ov__analyses_json
    .hidden ov__analyses_json
ov__analyses_json:
    .incbin OV_ANALYSES_PATH
    .byte 0
    .section .note.GNU-stack,"",@progbits
